import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { ErrorBody } from '../../src-shared/errors.js';
import { call, startTestServer } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { openSocket, parseAnswer, rawRequest } from './raw-http-test-support.js';

const SLOW_CLIENTS = 200;
const LIMITS = {
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  keepAliveTimeoutMs: 500,
  idleTimeoutMs: 5_000,
  maxConnections: 400,
};
/** Node checks the timeouts on a timer (a quarter of the headers timeout here): allow one period and some. */
const SLACK_MS = 1_500;

interface SlowClient {
  socket: Socket;
  opened: number;
  closedAfter: Promise<number>;
  received: () => string;
  stop: () => void;
}

/** A slowloris client: starts a request, then sends one more header byte every 100 ms, never finishing. */
async function slowClient(url: string, start: string): Promise<SlowClient> {
  const socket = await openSocket(url);
  const opened = Date.now();
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  socket.write(start);
  const drip = setInterval(() => {
    if (!socket.destroyed) socket.write('a');
  }, 100);
  const closedAfter = new Promise<number>((resolve) =>
    socket.once('close', () => {
      clearInterval(drip);
      resolve(Date.now() - opened);
    }),
  );
  return { socket, opened, closedAfter, received: () => received, stop: () => (clearInterval(drip), socket.destroy()) };
}

/**
 * Slow clients (slowloris) hold a socket open by sending a request a byte at a time. With request,
 * header and keep-alive timeouts and a connection cap, 200 of them neither keep a normal client from
 * its answer nor stay connected past the timeout. Every wait here is bounded: the test ends in seconds.
 */
describe('timeouts and the connection cap', () => {
  const t = useTestServer('slow-clients', { limits: LIMITS });
  let host: string;
  const clients: SlowClient[] = [];
  beforeAll(() => {
    host = new URL(t.url).host;
  });
  afterAll(() => {
    for (const client of clients) client.stop();
  });

  it(
    `${SLOW_CLIENTS} slow clients: a normal client still gets its answer, and they are cut off after the timeout`,
    { timeout: 15_000 },
    async () => {
      const headers = `GET ${apiPath('getHealth')} HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `;
      for (let i = 0; i < SLOW_CLIENTS; i++) clients.push(await slowClient(t.url, headers));
      // One client that finished its headers but sends its body a byte at a time.
      const body = `POST ${apiPath('listPersonalTokens')} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":"`;
      clients.push(await slowClient(t.url, body));

      const started = Date.now();
      const normal = await call(t.url + apiPath('getMe'), { token: t.adminToken });
      expect(normal.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(LIMITS.headersTimeoutMs);

      const lifetimes = await Promise.all(clients.map((c) => c.closedAfter));
      const headerClients = lifetimes.slice(0, SLOW_CLIENTS);
      expect(Math.min(...headerClients)).toBeGreaterThanOrEqual(LIMITS.headersTimeoutMs - 100);
      expect(Math.max(...headerClients)).toBeLessThan(LIMITS.headersTimeoutMs + SLACK_MS);
      expect(lifetimes.at(-1)).toBeLessThan(LIMITS.requestTimeoutMs + SLACK_MS);
      // Each was told why, in the API's error shape.
      for (const client of clients) {
        const answer = parseAnswer(client.received());
        expect(answer?.status).toBe(408);
        expect(ErrorBody.strict().parse(JSON.parse(answer!.body)).error.code).toBe('request_timeout');
      }
      // And the server still answers.
      expect((await call(t.url + apiPath('getHealth'))).status).toBe(200);
    },
  );

  it('an idle kept-alive connection is closed after the keep-alive timeout', { timeout: 10_000 }, async () => {
    const socket = await openSocket(t.url);
    const opened = Date.now();
    const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - opened)));
    socket.on('data', () => undefined);
    socket.write(`GET ${apiPath('getHealth')} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    expect(await closed).toBeLessThan(LIMITS.keepAliveTimeoutMs + SLACK_MS);
  });

  it('connections over the cap are closed as they arrive', { timeout: 10_000 }, async () => {
    const small = await startTestServer('connection-cap', { limits: { ...LIMITS, maxConnections: 5 } });
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 5; i++) held.push(await openSocket(small.url));
      const over = await rawRequest(
        small.url,
        `GET ${apiPath('getHealth')} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        2_000,
      );
      expect(over).toBeNull();
      held.pop()!.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const answer = await rawRequest(
        small.url,
        `GET ${apiPath('getHealth')} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        2_000,
      );
      expect(answer?.status).toBe(200);
    } finally {
      for (const socket of held) socket.destroy();
      await small.close();
    }
  });
});
