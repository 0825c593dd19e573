import { createHash, X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../../../src-shared/ipc/tls.js';
import { PIN_PREFIX } from '../../../src-shared/ipc/tls.js';
import { AppFailure } from '../errors.js';

/** The pin of a certificate's public key: `sha256//` + base64 SHA-256 of its DER SubjectPublicKeyInfo (curl, HPKP). */
export function spkiPin(certificate: X509Certificate): string {
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return PIN_PREFIX + createHash('sha256').update(spki).digest('base64');
}

/** What the trust dialog shows of a certificate. */
export function certificateInfo(certificate: X509Certificate): CertificateInfo {
  return {
    fingerprint: certificate.fingerprint256,
    pin: spkiPin(certificate),
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    validFrom: new Date(certificate.validFrom).toISOString(),
    validTo: new Date(certificate.validTo).toISOString(),
  };
}

/** Node writes a distinguished name one attribute a line; the dialog shows it as one. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every PEM certificate block in a text (a bundle holds several). */
export function pemBlocks(text: string): string[] {
  return text.match(PEM_BLOCK) ?? [];
}

/**
 * Checks a custom CA the user pasted: every block must be a certificate node:crypto can read, and it
 * must be able to sign others (a CA), so a pasted server certificate does not silently trust nothing.
 * Answers the PEM as kept; throws `invalid_request` naming the field otherwise.
 */
export function checkCaBundle(pem: string): string {
  const blocks = pemBlocks(pem);
  const refuse = (message: string) =>
    new AppFailure('invalid_request', message, {
      details: { issues: [{ path: ['caCertificate'], message }] },
    });
  if (blocks.length === 0) {
    throw refuse('Paste the certificate in PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.');
  }
  blocks.forEach((block, index) => {
    const which = blocks.length > 1 ? `Certificate ${index + 1} of ${blocks.length}` : 'The certificate';
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch {
      throw refuse(
        `${which} could not be read: it is damaged or not a certificate. Paste it again from the original file.`,
      );
    }
    if (!certificate.ca) {
      throw refuse(
        `${which} is a server certificate, not a certificate authority. Paste the authority that signed the server's certificate, or pin the server's key instead.`,
      );
    }
  });
  return blocks.join('\n');
}
