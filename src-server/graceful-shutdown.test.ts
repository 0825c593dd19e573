import type { Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { apiPath } from '../src-shared/api/paths.js';
import { startCli } from './cli-test-support.js';
import { openSocket, parseAnswer } from './http/raw-http-test-support.js';
import { call, tempDir } from './test-support.js';

/**
 * SIGTERM on a real server process: it stops accepting, lets a request in flight finish within
 * --shutdown-timeout, cuts one that takes longer, and exits 0 either way. A request is kept in flight
 * by sending its body in two parts, the second after the signal.
 */
describe('graceful shutdown of the server process', () => {
  const dir = tempDir('graceful');
  afterAll(() => dir.remove());

  const body = JSON.stringify({ name: 'drain_bot', roles: ['Viewer'] });
  const head = (url: string, token: string) =>
    `POST ${apiPath('createServiceAccount', { domain: 'default' })} HTTP/1.1\r\nHost: ${new URL(url).host}\r\n` +
    `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;

  function collect(socket: Socket): { text: () => string; closed: Promise<void> } {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    return { text: () => text, closed: new Promise((resolve) => socket.once('close', () => resolve())) };
  }
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('SIGTERM: a request in flight completes, new connections are refused, exit 0', async () => {
    const { server, url, adminToken } = await startCli('src-server/cli.ts', [
      '--port',
      '0',
      '--data',
      `${dir.path}/drain`,
      '--shutdown-timeout',
      '20',
      // The answered request's connection stays open for keep-alive; the drain must not wait for it.
      '--keep-alive-timeout',
      '30',
    ]);
    expect((await call(url + apiPath('getHealth'))).status).toBe(200);
    const socket = await openSocket(url);
    const answer = collect(socket);
    socket.write(head(url, adminToken) + body.slice(0, 10));
    await pause(300);

    server.child.kill('SIGTERM');
    // The listener closes at once: a new connection is refused while the old request still runs.
    for (let i = 0; i < 100 && !/shutting down/.test(server.stdout()); i++) await pause(50);
    await pause(200);
    await expect(fetch(url + apiPath('getHealth'))).rejects.toThrow();
    expect(server.child.exitCode).toBeNull();

    socket.write(body.slice(10));
    const answered = Date.now();
    await answer.closed;
    const reply = parseAnswer(answer.text());
    expect(reply?.status).toBe(201);
    expect(JSON.parse(reply!.body)).toMatchObject({ name: 'drain_bot' });
    expect(await server.exited).toBe(0);
    expect(Date.now() - answered).toBeLessThan(15_000);
    expect(server.stdout()).toMatch(/Received SIGTERM, shutting down.*\n(.*\n)*Stopped\.\n$/);
    expect(server.stderr()).toBe('');
  }, 60_000);

  it('a request still running at --shutdown-timeout is cut, and the process still exits 0', async () => {
    const { server, url, adminToken } = await startCli('src-server/cli.ts', [
      '--port',
      '0',
      '--data',
      `${dir.path}/cut`,
      '--shutdown-timeout',
      '1',
    ]);
    const socket = await openSocket(url);
    const answer = collect(socket);
    socket.write(head(url, adminToken) + body.slice(0, 10));
    await pause(300);
    const signalled = Date.now();
    server.child.kill('SIGINT');
    await answer.closed;
    const waited = Date.now() - signalled;
    expect(answer.text()).toBe('');
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain('1 request(s) still running at the shutdown timeout were cut.');
  }, 60_000);

  it('keeps serving and drains when the reader of its output has gone away (EPIPE)', async () => {
    const { server, url } = await startCli('src-server/cli.ts', [
      '--port',
      '0',
      '--data',
      `${dir.path}/epipe`,
      '--log',
    ]);
    server.child.stdout?.destroy();
    server.child.stderr?.destroy();
    // --log writes a line per request to the closed pipe.
    for (let i = 0; i < 20; i++) expect((await call(url + apiPath('getHealth'))).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 60_000);
});
