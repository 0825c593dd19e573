import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operationIds, restContract, type OperationId } from '../../src-shared/api/contract.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { ApiClient, ApiError } from './api-client.js';
import { AppFailure } from './errors.js';
import { makeAccount, testMe } from './test-support/fixtures.js';

type Reply = (req: IncomingMessage, res: ServerResponse) => void;
const TOKEN = 'tdk_pt_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC123456';

/** A real socket on 127.0.0.1: answers requests in order from a script, then 200 with testMe. */
async function scriptedServer(script: Reply[]) {
  const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      const reply = script.shift();
      if (reply) return reply(req, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(testMe));
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const status =
  (
    code: number,
    headers: Record<string, string> = {},
    body: unknown = { error: { code: 'x', message: 'busy' } },
  ): Reply =>
  (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

describe('ApiClient', () => {
  let server: Awaited<ReturnType<typeof scriptedServer>> | undefined;
  let sleeps: number[];
  let client: ApiClient;
  const make = (options: ConstructorParameters<typeof ApiClient>[0] = {}) =>
    new ApiClient({ sleep: (ms) => (sleeps.push(ms), Promise.resolve()), random: () => 0.5, ...options });

  beforeEach(() => {
    sleeps = [];
    client = make();
  });
  afterEach(async () => {
    await client.close();
    await server?.close();
    server = undefined;
  });

  const get = (url: string) => client.call({ url, token: TOKEN }, 'getMe');

  it('sends the bearer token, parses JSON with the shared schema, and keeps the connection alive', async () => {
    server = await scriptedServer([]);
    expect(await get(server.url)).toEqual(testMe);
    for (let i = 0; i < 5; i++) await get(server.url);
    expect(server.seen.map((s) => s.auth)).toEqual(Array(6).fill(`Bearer ${TOKEN}`));
    // undici may open a second socket while the first is being released; both are then reused.
    expect(server.connections()).toBeLessThanOrEqual(2);
  });

  it('takes method and path from the REST contract, and sends JSON bodies and query parameters', async () => {
    const { tokens: _tokens, ...account } = makeAccount(1, 0);
    const page = { items: [account], nextCursor: null, syncCursor: '1', deleted: [] };
    server = await scriptedServer([status(200, {}, page), status(200, {}, account)]);
    const target = { url: server.url, token: TOKEN };
    const listed = await client.call(target, 'listServiceAccounts', {
      params: { domain: 'default' },
      query: { search: 'b c', cursor: undefined, limit: 2 },
    });
    expect(listed.items).toEqual([account]);
    const changed = await client.call(target, 'updateServiceAccount', {
      params: { domain: 'default', id: 'sa 1/x' },
      body: { enabled: false },
    });
    expect(changed).toEqual(account);
    expect(server.seen).toMatchObject([
      { method: 'GET', url: '/api/v1/domains/default/service-accounts?search=b+c&limit=2', body: '' },
      { method: 'PATCH', url: '/api/v1/domains/default/service-accounts/sa%201%2Fx', body: '{"enabled":false}' },
    ]);
  });

  it('retries 429 after the Retry-After seconds', async () => {
    server = await scriptedServer([status(429, { 'retry-after': '2' }), status(429, { 'retry-after': '1' })]);
    expect(await get(server.url)).toEqual(testMe);
    expect(server.seen).toHaveLength(3);
    expect(sleeps).toEqual([2000, 1000]);
  });

  it('retries 503 after a Retry-After HTTP date', async () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    client = make({ now: () => now });
    server = await scriptedServer([status(503, { 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' })]);
    await get(server.url);
    expect(sleeps).toEqual([3000]);
  });

  it('backs off on 502/504 and gives up after 3 retries with the server’s error', async () => {
    server = await scriptedServer([
      status(502),
      status(504),
      status(502),
      status(503, {}, { error: { code: 'internal', message: 'Down for maintenance' } }),
    ]);
    const error = await get(server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: 'internal', message: 'Down for maintenance' });
    expect(server.seen).toHaveLength(4);
    expect(sleeps).toEqual([125, 250, 500]);
  });

  it('never retries POST or PATCH', async () => {
    const writes = {
      POST: (url: string) =>
        client.call({ url, token: TOKEN }, 'createGroup', { params: { domain: 'default' }, body: { name: 'ops' } }),
      PATCH: (url: string) =>
        client.call({ url, token: TOKEN }, 'updateGroup', {
          params: { domain: 'default', name: 'ops' },
          body: { description: '' },
        }),
    };
    for (const [method, write] of Object.entries(writes)) {
      server = await scriptedServer([status(503, { 'retry-after': '1' })]);
      const error = await write(server.url).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 503 });
      expect(server.seen.map((s) => s.method)).toEqual([method]);
      await server.close();
    }
    server = undefined;
    expect(sleeps).toEqual([]);
  });

  it('does not retry when Retry-After asks for longer than the cap', async () => {
    server = await scriptedServer([
      status(429, { 'retry-after': '3600' }, { error: { code: 'rate_limited', message: 'Slow down' } }),
    ]);
    await expect(get(server.url)).rejects.toMatchObject({ code: 'rate_limited', message: 'Slow down', status: 429 });
    expect(server.seen).toHaveLength(1);
  });

  it('reports an unreachable server in plain words, after retrying', async () => {
    server = await scriptedServer([]);
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await get(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppFailure);
    expect(error).toMatchObject({
      code: 'network_unreachable',
      message: `Can't reach ${url}. Check that the server is running.`,
    });
    expect(sleeps).toHaveLength(3);
  });

  it('times out a server that never answers', async () => {
    client = make({ timeoutMs: 200 });
    server = await scriptedServer([() => undefined]);
    const error = await get(server.url).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'timeout' });
    expect((error as Error).message).toMatch(/did not answer within 0\.2 seconds/);
  });

  it('turns answers that are not JSON or not the expected shape into bad_response', async () => {
    server = await scriptedServer([status(200, {}, 'not json'), status(200, {}, { id: 1 })]);
    await expect(get(server.url)).rejects.toMatchObject({ code: 'bad_response' });
    const error = (await get(server.url).catch((e: unknown) => e)) as AppFailure;
    expect(error.code).toBe('bad_response');
    expect(error.message).toMatch(/at id/);
  });

  it('keeps the server’s code, message and details on 4xx, and never puts the token in a message', async () => {
    server = await scriptedServer([
      status(
        403,
        {},
        { error: { code: 'not_same_group', message: 'You must be in the same group', details: { a: 1 } } },
      ),
      status(400, {}, '<html>proxy</html>'),
    ]);
    const error = await get(server.url).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 403,
      code: 'not_same_group',
      message: 'You must be in the same group',
      details: { a: 1 },
    });
    const other = (await get(server.url).catch((e: unknown) => e)) as Error;
    expect(other).toMatchObject({ status: 400, code: 'bad_response' });
    expect(`${(error as Error).message}${other.message}`).not.toContain(TOKEN);
  });

  it('answers an empty 204 as nothing, and retries a DELETE like any idempotent method', async () => {
    server = await scriptedServer([status(503, { 'retry-after': '1' }), (_q, res) => (res.writeHead(204), res.end())]);
    const value = await client.call({ url: server.url, token: TOKEN }, 'deleteGroup', {
      params: { domain: 'default', name: 'ops' },
    });
    expect(value).toBeUndefined();
    expect(server.seen.map((s) => `${s.method} ${s.url}`)).toEqual(
      Array(2).fill('DELETE /api/v1/domains/default/groups/ops'),
    );
    expect(sleeps).toEqual([1000]);
  });
});

describe('ApiClient and the REST contract', () => {
  it('sends every operation of the table with the table’s method and path', async () => {
    const notFound = status(404, {}, { error: { code: 'not_found', message: 'No such thing.' } });
    const server = await scriptedServer(operationIds.map(() => notFound));
    const client = new ApiClient({ sleep: () => Promise.resolve() });
    // Parameters that fit every route; each route takes the ones its path has.
    const params = { domain: 'default', id: 'sa 1', name: 'token.1' };
    try {
      for (const op of operationIds) {
        const input = { params, body: {} } as never;
        await expect(client.call({ url: server.url, token: TOKEN }, op, input), op).rejects.toMatchObject({
          status: 404,
        });
      }
    } finally {
      await client.close();
      await server.close();
    }
    const pathOf = apiPath as (op: OperationId, params: object) => string;
    expect(server.seen.map((s) => `${s.method} ${s.url}`)).toEqual(
      operationIds.map((op) => `${restContract[op].method} ${pathOf(op, params)}`),
    );
  });

  it('is the only place in main that turns an operation into a path: no service spells one', () => {
    const root = join(import.meta.dirname, '..');
    const sources = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('test-support'),
    );
    expect(sources.length).toBeGreaterThan(20);
    const offenders = sources.filter((file) => {
      if (file === join('services', 'api-client.ts')) return false;
      const text = readFileSync(join(root, file), 'utf8');
      return /['"`]\/api\/|api\/paths\.js|api\/route-contract\.js/.test(text);
    });
    expect(offenders).toEqual([]);
  });
});
