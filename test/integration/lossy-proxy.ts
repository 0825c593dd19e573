import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LossyProxyOptions {
  /** Which requests lose their answer (the path without the query). */
  dropResponseOf: (method: string, path: string) => boolean;
  /** How many matching requests lose their answer; later ones pass. Default 1. */
  times?: number;
}

export interface LossyProxy {
  /** Point the app here instead of at the server. */
  url: string;
  /** The requests seen, as `METHOD path`, and which of them lost their answer. */
  seen: { method: string; path: string; dropped: boolean }[];
  close(): Promise<void>;
}

/**
 * A proxy on 127.0.0.1 (random port) in front of a real server that loses answers on the way back:
 * a matching request is forwarded whole, the server acts on it and answers, the proxy reads that
 * answer to the end and then cuts the client's connection without sending a byte. To the client it
 * is exactly a response lost in the network after the server did the work. Everything else is
 * passed through as it is. Used by the integration tests and the e2e tests.
 *
 * It works at the HTTP level (one request at a time per connection, as undici sends them), not on
 * raw TCP, so that it can tell which request an answer belongs to on a keep-alive connection.
 */
export async function startLossyProxy(targetUrl: string, options: LossyProxyOptions): Promise<LossyProxy> {
  const target = new URL(targetUrl);
  let remaining = options.times ?? 1;
  const seen: LossyProxy['seen'] = [];

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const drop = remaining > 0 && options.dropResponseOf(method, path);
    if (drop) remaining -= 1;
    seen.push({ method, path, dropped: drop });
    const headers = { ...req.headers, host: target.host };
    const upstream = request(
      { host: target.hostname, port: target.port, method, path: req.url, headers, agent: false },
      (answer) => {
        if (drop) {
          // Let the server finish its answer (so it has surely acted), then lose it.
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
