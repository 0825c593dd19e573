import { z } from 'zod';

/**
 * A connection's own TLS settings: a private certificate authority to trust for it, and the server's
 * public key pinned to it. Neither is a secret, so both live with the connection's other settings
 * (connections.json), never in the keychain.
 */

/** The form a pin is written and shown in: `sha256//` and the base64 SHA-256 of the key's SPKI (as curl and HPKP write it). */
export const PIN_PREFIX = 'sha256//';

/** Base64 of 32 bytes: 43 characters and one `=`. */
const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * A pinned server public key. Accepts `sha256//<base64>` or the bare base64, and keeps the first form.
 * Empty text means "no pin" (null).
 */
export const PinnedKey = z
  .string()
  .trim()
  .transform((value) => (value.startsWith(PIN_PREFIX) ? value.slice(PIN_PREFIX.length) : value))
  .refine(
    (value) => value === '' || SHA256_BASE64.test(value),
    'Enter the key as sha256// followed by 44 base64 characters (the SHA-256 of the server’s public key).',
  )
  .transform((value) => (value === '' ? null : `${PIN_PREFIX}${value}`));

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * A private certificate authority in PEM (one or more certificates). Only its shape is checked here;
 * main parses every certificate before saving it. Empty text means "none" (null).
 */
export const CaCertificatePem = z
  .string()
  .trim()
  .max(64_000, 'That is longer than any certificate bundle TokenDesk accepts (64 KB).')
  .refine(
    (value) => value === '' || PEM_CERTIFICATE.test(value),
    'Paste the certificate in PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.',
  )
  .transform((value) => (value === '' ? null : value));

/** The two settings as a connection carries them (null: not set). */
export const ConnectionTls = z.object({ caCertificate: z.string().nullable(), pinnedKey: z.string().nullable() });
export type ConnectionTls = z.infer<typeof ConnectionTls>;

/**
 * What the app shows of a server certificate it does not trust yet, so the user can compare it with
 * what the server's administrator says (as SSH shows a host key the first time).
 */
export const CertificateInfo = z.object({
  /** SHA-256 of the whole certificate, as colon-separated hex pairs (what browsers show). */
  fingerprint: z.string(),
  /** What would be pinned: `sha256//` + base64 SHA-256 of the public key. */
  pin: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
});
export type CertificateInfo = z.infer<typeof CertificateInfo>;

/** The `details` of a `certificate_untrusted` error: the certificate the user may choose to trust. */
export const UntrustedCertificateDetails = z.object({ certificate: CertificateInfo });
