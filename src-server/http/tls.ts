import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';

/** `--tls-cert` / `--tls-key`: the server's certificate (chain) and private key, PEM. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/**
 * The Fastify options for plain HTTP or, given a certificate, HTTPS. Node's https server takes the
 * http server's options (timeouts, header size) in the same object as the TLS ones, so the connection
 * limits move there. The instance is still typed as the plain-HTTP one: everything this server does
 * with its `server` (addresses, connection limits, closing) is the same on both.
 */
export function serverOptions(http: FastifyHttpOptions<Server>, tls: TlsFiles | undefined): FastifyHttpOptions<Server> {
  if (!tls) return http;
  const { http: nodeOptions, ...rest } = http;
  return { ...rest, https: { ...nodeOptions, cert: tls.cert, key: tls.key } } as FastifyHttpOptions<Server>;
}
