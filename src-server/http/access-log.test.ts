import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { generateToken } from '../../src-shared/token-format.js';
import { call, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, sharedAccount } from '../token-test-support.js';
import { openSocket } from './raw-http-test-support.js';

interface Line {
  time: string;
  level: string;
  msg: string;
  requestId: string;
  method: string;
  route: string | null;
  path: string;
  status: number;
  durationMs: number;
  clientAddress: string;
  memberId?: string;
  tokenId?: string;
}

/** `--log`: exactly one JSON line per request, with what an operator needs and no secret. */
describe('the --log access log', () => {
  let output = '';
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const t = useTestServer('access-log', { log: true, logStream: stream });

  it('writes one parseable line per request: route, status, duration, ids, client; never a token', async () => {
    const account = await sharedAccount(t, 'log_bot');
    const made = await createToken(t, account.id, { name: 'caller', expiresAt: null });
    const planted = generateToken('serviceAccount');
    const wrong = generateToken('personal');
    output = '';

    const requests: [string, number][] = [];
    const expectAnswer = async (what: string, reply: Promise<{ status: number }>, status: number) => {
      expect((await reply).status, what).toBe(status);
      requests.push([what, status]);
    };
    await expectAnswer('health', call(t.url + apiPath('getHealth')), 200);
    await expectAnswer('me as admin', call(t.url + apiPath('getMe'), { token: t.adminToken }), 200);
    await expectAnswer('me as the account', call(t.url + apiPath('getMe'), { token: made.secret }), 200);
    await expectAnswer('token in the query', call(`${t.url}${apiPath('getHealth')}?access_token=${planted}`), 400);
    await expectAnswer(
      'token in the path',
      call(`${t.url}/api/v1/domains/default/service-accounts/${planted}`, { token: t.adminToken }),
      404,
    );
    await expectAnswer('unknown token', call(t.url + apiPath('getMe'), { token: wrong }), 401);
    await expectAnswer(
      'basic auth',
      call(t.url + apiPath('getMe'), { authorization: `Basic ${btoa(`x:${wrong}`)}` }),
      401,
    );
    await expectAnswer('no route', call(`${t.url}/api/v1/nowhere`), 404);
    await expectAnswer(
      'bad body',
      send(t.url + apiPath('createServiceAccount', { domain: 'default' }), 'POST', t.adminToken, { nope: 1 }),
      400,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));

    const lines = output.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(requests.length);
    const parsed = lines.map((line) => JSON.parse(line) as Line);
    expect(parsed.map((line) => line.status)).toEqual(requests.map(([, status]) => status));
    expect(new Set(parsed.map((line) => line.requestId)).size).toBe(requests.length);
    for (const line of parsed) {
      expect(line).toMatchObject({ level: 'info', msg: 'request', clientAddress: '127.0.0.1' });
      expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(line.durationMs).toBeGreaterThanOrEqual(0);
      expect(Object.keys(line).some((key) => /header|auth/i.test(key))).toBe(false);
    }
    expect(parsed[1]).toMatchObject({ method: 'GET', route: '/api/v1/me', path: '/api/v1/me', memberId: t.admin.id });
    expect(parsed[2]).toMatchObject({ memberId: account.id, tokenId: made.token.id });
    expect(parsed[0]!.memberId).toBeUndefined();
    expect(parsed[5]!.memberId).toBeUndefined();
    expect(parsed[4]!.route).toBe('/api/v1/domains/:domain/service-accounts/:id');
    expect(parsed[7]!.route).toBeNull();

    for (const secret of [t.adminToken, made.secret, planted, wrong]) {
      expect(output).not.toContain(secret.slice(7));
    }
    expect(output).not.toMatch(/tdk(_|%5F)(pt|sa)/i);
    expect(output).not.toMatch(/bearer|basic /i);
  });

  it('logs a request whose client hangs up before the answer (as health checks may) once, with its address', async () => {
    output = '';
    const socket = await openSocket(t.url);
    socket.write(`GET ${apiPath('getHealth')} HTTP/1.1\r\nHost: x\r\n\r\n`);
    // Hang up at once with a reset, before the answer can arrive.
    socket.resetAndDestroy();
    for (let i = 0; i < 40 && output === ''; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [line, ...rest] = output.split('\n').filter((text) => text !== '');
    expect(rest).toEqual([]);
    // Answered or not (Node 20 may still answer it; Node 24 sees the abort first): one line, with the address.
    expect(JSON.parse(line!)).toMatchObject({ route: '/api/v1/healthz', clientAddress: '127.0.0.1' });
  });
});
