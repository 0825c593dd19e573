import type { TLSSocket } from 'node:tls';
import type { Dispatcher } from 'undici';
import { Pool, type buildConnector } from 'undici';
import type { CertificateInfo } from '../../../src-shared/ipc/tls.js';
import { certificateInfo, spkiPin } from './certificates.js';

/** What a connection trusts beyond the system store: its own CA (PEM) and its pinned key, each optional. */
export interface TlsPolicy {
  caCertificate: string | null;
  pinnedKey: string | null;
}

export const NO_TLS_POLICY: TlsPolicy = { caCertificate: null, pinnedKey: null };

/**
 * The TLS handshake ended in a refusal: the connection is closed before a single byte of the request
 * (its credential) is written. `certificate` is set when the user may choose to trust it.
 */
export class TlsRefusal extends Error {
  constructor(
    readonly kind: 'untrusted' | 'changed' | 'invalid',
    message: string,
    readonly certificate: CertificateInfo | null,
  ) {
    super(message);
    this.name = 'TlsRefusal';
  }
}

/** OpenSSL's answers that mean "signed by no authority you trust" (unknown CA, self-signed): the user may decide. */
const UNKNOWN_ISSUER = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

/** Plain words for the refusals the user cannot wave through. */
function invalidReason(code: string, host: string): string {
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return `The certificate of ${host} has expired. Ask the server's administrator to renew it.`;
    case 'CERT_NOT_YET_VALID':
      return `The certificate of ${host} is not valid yet. Check this computer's clock, or ask the server's administrator.`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The certificate presented by ${host} was issued for a different name. Check the server address.`;
    case 'CERT_REVOKED':
      return `The certificate of ${host} has been revoked by its authority.`;
    default:
      return `The certificate of ${host} could not be verified (${code}). TokenDesk did not send anything to it.`;
  }
}

/**
 * Decides whether a finished handshake may carry a request, from what the socket presented.
 * - A pinned key decides alone: the server's key must be exactly that one (the pin is the trust
 *   anchor, as an SSH known host; that is what "Trust" on a self-signed server stores). Any other
 *   key is refused as changed, never offered for trust.
 * - Otherwise the chain must lead to the system store or the connection's own CA, for this host name.
 *   An unknown issuer is refused with the certificate, so the user can look at it and decide.
 */
export function judgeHandshake(socket: TLSSocket, host: string, policy: TlsPolicy): TlsRefusal | null {
  const leaf = socket.getPeerX509Certificate();
  if (!leaf) return new TlsRefusal('invalid', `${host} presented no certificate.`, null);
  if (policy.pinnedKey !== null) {
    if (spkiPin(leaf) === policy.pinnedKey) return null;
    return new TlsRefusal(
      'changed',
      `The server at ${host} presented a different key from the one this connection trusts. It may have been replaced, or someone may be intercepting the connection. Nothing was sent. If the server's administrator confirms a new key, remove the pinned key under Edit connection and connect again.`,
      null,
    );
  }
  if (socket.authorized) return null;
  const error = socket.authorizationError as unknown;
  const code =
    typeof error === 'string'
      ? error
      : error instanceof Error
        ? ((error as { code?: string }).code ?? error.message)
        : '';
  if (UNKNOWN_ISSUER.has(code)) {
    return new TlsRefusal(
      'untrusted',
      `The certificate of ${host} is not signed by an authority this computer trusts. Nothing was sent. Check its fingerprint with the server's administrator before trusting it.`,
      certificateInfo(leaf),
    );
  }
  return new TlsRefusal('invalid', invalidReason(code, host), null);
}

type Connector = buildConnector.connector;

/**
 * Wraps the connector undici gives an origin's pool (direct, or the tunnel through a proxy: TLS is
 * end to end over CONNECT, so the same check applies) with `judgeHandshake`. A refused socket is
 * destroyed before undici writes the request on it.
 */
export function guardedConnector(connect: Connector, policy: TlsPolicy): Connector {
  return (options, callback) => {
    connect(options, (error, socket) => {
      if (error !== null) return callback(error, null);
      if (options.protocol !== 'https:') return callback(null, socket);
      const refusal = judgeHandshake(socket as TLSSocket, options.hostname, policy);
      if (refusal === null) return callback(null, socket);
      socket.destroy();
      callback(refusal, null);
    });
  };
}

/** An undici `factory` whose pools connect through `guardedConnector`. */
export function guardedFactory(policy: TlsPolicy) {
  return (origin: string | URL, options: Pool.Options & { connect?: Pool.Options['connect'] }): Dispatcher => {
    const connect = options.connect;
    if (typeof connect !== 'function') throw new Error('undici gave the pool no connector');
    return new Pool(origin, { ...options, connect: guardedConnector(connect, policy) });
  };
}
