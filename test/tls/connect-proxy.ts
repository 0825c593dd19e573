import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ConnectProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every CONNECT target asked for (`host:port`), in order. */
  connects: string[];
  close(): Promise<void>;
}

/**
 * A forward proxy on 127.0.0.1 that answers CONNECT only, as a corporate proxy does for HTTPS: it
 * opens a TCP connection to the target and pipes bytes both ways, so TLS stays end to end between the
 * app and the server. `resolve` stands in for the proxy's DNS (a name the test machine cannot
 * resolve, such as tokendesk.test, is sent to 127.0.0.1). Anything but CONNECT is refused with 405;
 * with `refuseWith`, every CONNECT is refused with that status (a proxy that wants credentials: 407).
 */
export async function startConnectProxy(
  resolve: (host: string) => string = () => '127.0.0.1',
  options: { refuseWith?: number } = {},
): Promise<ConnectProxy> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    if (options.refuseWith !== undefined) {
      client.end(`HTTP/1.1 ${options.refuseWith} Refused\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    const [host = '', port = '443'] = target.split(/:(?=\d+$)/);
    const upstream = connect(Number(port), resolve(host), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
