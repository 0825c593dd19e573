import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ErrorBody } from '../../src-shared/errors.js';
import { buildApp, CHECK_ALL_RESPONSES_ENV, type BuiltApp } from '../app.js';
import { bootstrapIfEmpty, DEFAULT_DOMAIN } from '../bootstrap.js';
import type { Store } from '../store/store.js';
import { call, databaseFingerprint, openTestStore } from '../test-support.js';
import { RawJson, type ServerRoute } from './route.js';

const Page = z.object({ items: z.array(z.string()) });

/**
 * registerRoute runs every write route's handler and its answer's schema check in one transaction, so
 * an answer that fails its schema leaves nothing written. Routes planted here write a group, then
 * answer something their schema refuses, as an object and as pre-serialised JSON.
 */
describe('write routes check their answer before their transaction commits', () => {
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  const reports: string[] = [];
  let store: Store;
  let built: BuiltApp;
  let app: FastifyInstance;
  let url: string;

  /** A route outside the REST contract, registered the way every route is. */
  const planted = (route: Pick<ServerRoute, 'method' | 'path' | 'handler'> & { status?: number }): ServerRoute => ({
    operationId: route.path,
    summary: 'test',
    access: 'public',
    response: { status: route.status ?? 200, name: 'Page', schema: Page, description: 'test' },
    errors: [],
    ...route,
  });
  let groups = 0;
  const writeThenAnswer = (path: string, answer: () => unknown, between?: () => Promise<void>): ServerRoute =>
    planted({
      method: 'POST',
      path,
      status: 201,
      handler: async () => {
        const domain = (await store.domains.byName(DEFAULT_DOMAIN))!;
        await store.transaction(() =>
          store.groups.create({ domainId: domain.id, name: `g-${(groups += 1)}`, by: 'test', at: 0 }),
        );
        await between?.();
        return answer();
      },
    });
  /** The slow route's pause between its write and its answer: it says it wrote, then waits to be let go. */
  let wrote: () => void = () => {};
  let letGo: () => void = () => {};
  const pause = () =>
    new Promise<void>((resolve) => {
      letGo = resolve;
      wrote();
    });

  beforeAll(async () => {
    opened = await openTestStore('route-transaction');
    store = opened.store;
    await bootstrapIfEmpty(store);
    // No validateAllResponses here: under the test runner it defaults to on.
    built = buildApp({ store, errorLog: { write: (line: string) => reports.push(line) } });
    app = built.app;
    built.register(writeThenAnswer('/test/object', () => ({ items: [1, 2] })));
    built.register(writeThenAnswer('/test/raw', () => new RawJson('{"items":[1,2]}')));
    built.register(writeThenAnswer('/test/good', () => new RawJson('{"items":["a"]}')));
    built.register(writeThenAnswer('/test/slow', () => ({ items: [1] }), pause));
    built.register(
      planted({ method: 'GET', path: '/test/raw-read', handler: () => new RawJson('{"items":"not a list"}') }),
    );
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await opened.close();
  });

  it('an object answer that fails its schema: 500 in the API shape, and the write is rolled back', async () => {
    const before = await databaseFingerprint(store);
    const reply = await call<ErrorBody>(`${url}/test/object`, { method: 'POST' });
    expect(reply.status).toBe(500);
    expect(ErrorBody.parse(reply.body).error.code).toBe('internal');
    expect(await databaseFingerprint(store)).toEqual(before);
  });

  it('a pre-serialised (RawJson) answer of a write is always checked, and rolled back the same way', async () => {
    const before = await databaseFingerprint(store);
    const reply = await call<ErrorBody>(`${url}/test/raw`, { method: 'POST' });
    expect(reply.status).toBe(500);
    expect(await databaseFingerprint(store)).toEqual(before);
    const good = await call(`${url}/test/good`, { method: 'POST' });
    expect([good.status, good.body]).toEqual([201, { items: ['a'] }]);
    expect((await databaseFingerprint(store)).counts.groups).toBe((before.counts.groups ?? 0) + 1);
  });

  it('a write that awaits between its write and its failing answer is rolled back, and no read in between sees it', async () => {
    const before = await databaseFingerprint(store);
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const reply = call<ErrorBody>(`${url}/test/slow`, { method: 'POST' });
    await written;
    // A plain read on the same store while the route's transaction is open, its group written.
    const during = databaseFingerprint(store);
    await new Promise((resolve) => setTimeout(resolve, 20));
    letGo();
    expect((await reply).status).toBe(500);
    expect(await during).toEqual(before);
    expect(await databaseFingerprint(store)).toEqual(before);
  });

  it('the test runner turns the list-page check on for every server, whether the test asks or not', async () => {
    expect(process.env[CHECK_ALL_RESPONSES_ENV]).toBe('1');
    const reply = await call<ErrorBody>(`${url}/test/raw-read`);
    expect([reply.status, reply.body.error.code]).toEqual([500, 'internal']);
  });
});
