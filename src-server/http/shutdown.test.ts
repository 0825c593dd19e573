import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../src-shared/errors.js';
import { buildApp } from '../app.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../test-support.js';
import { openSocket } from './raw-http-test-support.js';

/** A request that arrives on an open connection while the server shuts down gets 503 in the API's shape. */
describe('shutting down', () => {
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  let store: Store;
  beforeAll(async () => {
    opened = await openTestStore('shutdown');
    store = opened.store;
  });
  afterAll(async () => {
    await opened.close();
  });

  it('answers 503 unavailable with an error id and Retry-After, then closes the connection', async () => {
    const reports: string[] = [];
    const { app } = buildApp({ store, errorLog: { write: (line: string) => reports.push(line) } });
    app.get('/test/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { ok: true };
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const socket = await openSocket(url);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // Two requests on one connection: the second arrives once the server has begun to close.
    socket.write('GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = app.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write('GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed;
    await closing;

    const answers = received.split(/(?=HTTP\/1\.1 )/);
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 200 /);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 503 /);
    expect(answers[1]).toMatch(/\r\nretry-after: 1\r\n/i);
    const body = ErrorBody.strict().parse(JSON.parse(answers[1]!.split('\r\n\r\n')[1]!));
    expect(body.error.code).toBe('unavailable');
    expect(reports.join('')).toContain((body.error.details as { errorId: string }).errorId);
  });
});
