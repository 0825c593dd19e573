import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { KeyPair } from './certificates.js';

export interface HttpsFront {
  /** https://127.0.0.1:<port>: the TokenDesk server behind it, over TLS. */
  url: string;
  port: number;
  /** Every request that got through TLS: its path and its Authorization header (null when none). */
  seen: { path: string; authorization: string | null }[];
  /** Presents another certificate (and key) from the next handshake on, on the same address. */
  present(pair: KeyPair): void;
  close(): Promise<void>;
}

/**
 * HTTPS in front of a plain-HTTP TokenDesk test server (the server itself is left as it is): it
 * terminates TLS with the given certificate and forwards each request. It records every request that
 * reached it with its Authorization header, so a test can show that no credential was sent before the
 * user accepted a certificate. Listens on 127.0.0.1 only.
 */
export async function startHttpsFront(targetUrl: string, pair: KeyPair): Promise<HttpsFront> {
  const target = new URL(targetUrl);
  const seen: HttpsFront['seen'] = [];
  const server: Server = createServer({ key: pair.key, cert: pair.cert }, (req, res) => {
    const authorization = req.headers.authorization;
    seen.push({ path: req.url ?? '/', authorization: typeof authorization === 'string' ? authorization : null });
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    seen,
    present(next) {
      server.setSecureContext({ key: next.key, cert: next.cert });
      // Sockets opened under the old certificate must not carry on: the next request handshakes again.
      server.closeAllConnections();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
