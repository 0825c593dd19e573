import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { statusMatches } from './activity.js';
import { cacheDirOf } from './cache-files.js';
import { makeAuditEvents, makeLogEntries } from './test-support/fake-api-directory.js';
import { makeAccount } from './test-support/fixtures.js';
import { useRigEnv, type SyncRig } from './test-support/sync-rig.js';
import { failure } from './test-support/failure.js';

const DEFAULT = { limit: 100 };

/** Request logs and audit: online pages, the encrypted first-page cache and the offline fallback. */
describe('ActivityService', () => {
  const env = useRigEnv('activity', (api) => {
    api.logs.set('sa_1', makeLogEntries(30));
    api.logs.set('sa_2', makeLogEntries(3, 'tok_9'));
    api.audit = makeAuditEvents(12);
  });
  let r: SyncRig;
  let id: string;

  const rig = (options: { maxCachedPages?: number } = {}) => env.rig(options);
  /** The server goes away: every request now fails to connect. */
  const goOffline = () => env.api.close();

  beforeEach(async () => {
    r = await rig();
    id = await env.connect(r);
  });

  it('reads a page online with the query, and goes on from its cursor', async () => {
    const first = await r.activity.logs(id, 'sa_1', { limit: 10, status: '4xx' });
    expect(first.fromCache).toBe(false);
    expect(first.items.every((e) => e.status === 401)).toBe(true);
    expect(env.api.log.at(-1)).toBe('GET /api/v1/domains/default/service-accounts/sa_1/logs?limit=10&status=4xx');
    const all = await r.activity.logs(id, 'sa_1', { limit: 20 });
    expect(all.nextCursor).toBe('20');
    const next = await r.activity.logs(id, 'sa_1', { limit: 20, cursor: all.nextCursor! });
    expect(next.items.map((e) => e.id)).toEqual(
      makeLogEntries(30)
        .slice(20)
        .map((e) => e.id),
    );
  });

  it('offline: the cached first page, with asOf and fromCache, read back by a new process', async () => {
    const online = await r.activity.logs(id, 'sa_1', DEFAULT);
    await goOffline();
    const again = await (await rig()).activity.logs(id, 'sa_1', DEFAULT);
    expect(again).toEqual({ ...online, fromCache: true });
  });

  it('offline with a filter: applied here to the cached page; no more pages from the cache', async () => {
    await r.activity.logs(id, 'sa_1', DEFAULT);
    await goOffline();
    const byStatus = await r.activity.logs(id, 'sa_1', { limit: 100, status: '401' });
    expect(byStatus.fromCache).toBe(true);
    expect(byStatus.items.length).toBe(10);
    expect(byStatus.items.every((e) => e.status === 401)).toBe(true);
    expect(byStatus.nextCursor).toBeNull();
    const byToken = await r.activity.logs(id, 'sa_1', { limit: 3, tokenId: 'tok_2' });
    expect(byToken.items.map((e) => e.tokenId)).toEqual(['tok_2', 'tok_2', 'tok_2']);
    const more = await failure(r.activity.logs(id, 'sa_1', { limit: 100, cursor: '100' }));
    expect(more.code).toBe('network_unreachable');
    expect(more.message).toMatch(
      /Only the first page is kept for offline use: load more once the server answers again\.$/,
    );
  });

  it('a filtered or later page is not cached; offline with nothing cached is the network error', async () => {
    await r.activity.logs(id, 'sa_2', { limit: 100, status: '2xx' });
    await r.activity.logs(id, 'sa_2', { limit: 1, cursor: '1' });
    await goOffline();
    const notKept = await failure(r.activity.logs(id, 'sa_2', DEFAULT));
    expect(notKept.code).toBe('network_unreachable');
    expect(notKept.message).toContain('This list has not been saved for offline use yet');
    expect(await failure(r.activity.audit(id, DEFAULT))).toMatchObject({ code: 'network_unreachable' });
  });

  it('after a sync: the audit trail and the logs already kept are read again; nothing changed, nothing written', async () => {
    const account = makeAccount(1, 2);
    env.api.upsert(account);
    env.api.logs.set(account.id, makeLogEntries(5));
    await r.sync.run(id);
    await r.activity.logs(id, account.id, DEFAULT);
    const snapshot = r.sync.snapshot(id)!;
    await r.activity.refreshAfterSync(id, snapshot);
    expect(r.pages.keys(id)).toEqual(expect.arrayContaining(['audit', `logs:${account.id}`]));
    const writes = r.pagesWritten();
    env.api.log.length = 0;
    await r.activity.refreshAfterSync(id, snapshot);
    expect(env.api.log.filter((l) => l.includes('/logs') || l.includes('/audit')).length).toBeGreaterThanOrEqual(2);
    expect(r.pagesWritten()).toBe(writes);
    // Something new: written.
    env.api.audit = makeAuditEvents(13);
    await r.activity.refreshAfterSync(id, snapshot);
    expect(r.pagesWritten()).toBe(writes + 1);
    // Offline, it stops at the first request that gets no answer.
    await goOffline();
    env.api.log.length = 0;
    await r.activity.refreshAfterSync(id, snapshot);
    expect(r.pagesWritten()).toBe(writes + 1);
  });

  it('a server refusal is passed on, never answered from the cache', async () => {
    await r.activity.logs(id, 'sa_1', DEFAULT);
    env.api.failNext(1, 403, { body: { error: { code: 'forbidden', message: 'No log.read.' } } });
    expect(await failure(r.activity.logs(id, 'sa_1', DEFAULT))).toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('audit: online, cached first page, offline with an actor filter', async () => {
    const online = await r.activity.audit(id, DEFAULT);
    expect(online.items).toHaveLength(12);
    expect((await r.activity.audit(id, { limit: 100, actor: 'ops' })).items).toHaveLength(6);
    await goOffline();
    expect(await r.activity.audit(id, DEFAULT)).toEqual({ ...online, fromCache: true });
    const ops = await r.activity.audit(id, { limit: 100, actor: 'ops', action: 'update' });
    expect(ops).toMatchObject({ fromCache: true, nextCursor: null });
    expect(ops.items.map((e) => e.actor)).toEqual(Array(6).fill('ops'));
  });

  it('keeps at most N first pages, dropping the least recently read', async () => {
    const small = await rig({ maxCachedPages: 2 });
    for (const account of ['sa_1', 'sa_2']) await small.activity.logs(id, account, DEFAULT);
    await small.activity.audit(id, DEFAULT);
    expect(small.pages.get(id, 'logs:sa_1')).toBeNull();
    expect(small.pages.get(id, 'logs:sa_2')).not.toBeNull();
    expect((await rig()).pages.get(id, 'audit')).not.toBeNull();
  });

  it('the cache file is encrypted, and goes when the connection is forgotten', async () => {
    await r.activity.logs(id, 'sa_1', DEFAULT);
    const dir = cacheDirOf(r.dataDir);
    const file = readdirSync(dir).find((name) => name.endsWith('.pages'))!;
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text).not.toContain('/api/v1/me');
    expect(text).not.toContain('log_30');
    r.activity.forget(id);
    expect(readdirSync(dir).some((name) => name.endsWith('.pages'))).toBe(false);
  });
});

describe('statusMatches', () => {
  it('matches an exact status or a class', () => {
    expect(statusMatches(404, '404')).toBe(true);
    expect(statusMatches(404, '4xx')).toBe(true);
    expect(statusMatches(404, '5xx')).toBe(false);
    expect(statusMatches(401, '404')).toBe(false);
  });
});
