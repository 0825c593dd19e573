import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../src-shared/api/logs.js';
import { effectivePermissions } from '../../src-shared/permissions.js';
import { sameAccess } from './snapshot-access.js';
import { makeAccount, testMe } from './test-support/fixtures.js';
import { useRigEnv, type SyncRig } from './test-support/sync-rig.js';

const logEntry = (accountId: string): RequestLogEntry => ({
  id: `log_${accountId}`,
  at: '2025-01-01T00:00:00.000Z',
  tokenId: `${accountId}_tok_0`,
  tokenName: 'token-0',
  method: 'GET',
  path: '/api/v1/me',
  status: 200,
  clientAddress: '127.0.0.1',
  count: 1,
});

/**
 * What sync keeps when the caller's rights change (see snapshot-access.ts): the unit-level cases the
 * integration test (test/integration/access-change.test.ts) does not reach.
 */
describe('SyncService: rights that change', () => {
  const env = useRigEnv('sync-access', (api) => {
    for (let i = 1; i <= 3; i++) api.upsert(makeAccount(i, 2));
  });
  const rig = () => env.rig();
  const connect = (r: SyncRig) => env.connect(r);
  const allTokens = (r: SyncRig, id: string) => [...r.sync.snapshot(id)!.tokens.entries().values()];
  /** Reads the first pages the app caches: two accounts' logs and the audit trail. */
  const readActivity = async (r: SyncRig, id: string) => {
    for (const accountId of ['sa_000001', 'sa_000002']) {
      env.api.logs.set(accountId, [logEntry(accountId)]);
      await r.activity.logs(id, accountId, { limit: 50 });
    }
    await r.activity.audit(id, { limit: 50 });
  };

  it('cuts the cache down as soon as /me changes, even when the full sync that follows fails', async () => {
    const r = await rig();
    const id = await connect(r);
    await r.sync.run(id);
    await readActivity(r, id);
    expect(allTokens(r, id).every((tokens) => tokens?.length === 2)).toBe(true);

    env.api.me = { ...testMe, groups: ['data-team'] };
    env.api.failNext(1, 403, { match: /\/service-accounts\?/, body: { error: { code: 'forbidden', message: 'No.' } } });
    expect(await r.sync.run(id)).toMatchObject({ phase: 'error', error: { code: 'forbidden' } });

    expect(r.sync.snapshot(id)!.me.groups).toEqual(['data-team']);
    expect(allTokens(r, id)).toEqual([null, null, null]);
    for (const key of ['logs:sa_000001', 'logs:sa_000002', 'audit']) expect(r.pages.get(id, key)).toBeNull();
    // On disk too: a new process reads the cut-down copy.
    const reopened = await rig();
    expect(allTokens(reopened, id)).toEqual([null, null, null]);
    expect(reopened.pages.get(id, 'audit')).toBeNull();
  });

  it('a demotion that takes service_account.read away leaves no account in the cache', async () => {
    const r = await rig();
    const id = await connect(r);
    await r.sync.run(id);
    env.api.me = { ...testMe, roles: [], permissions: [] };
    env.api.failNext(1, 403, { match: /\/service-accounts\?/, body: { error: { code: 'forbidden', message: 'No.' } } });
    await r.sync.run(id);
    expect(r.sync.snapshot(id)!.accounts).toEqual([]);
    expect((await rig()).sync.snapshot(id)!.accounts).toEqual([]);
  });

  it('an account moved out of the caller’s groups: its cached log page goes at the next sync, the rest stays', async () => {
    const r = await rig();
    const id = await connect(r);
    await r.sync.run(id);
    await readActivity(r, id);
    const moved = makeAccount(1, 0, '2025-02-01T00:00:00.000Z');
    env.api.upsert({ ...moved, groups: ['data-team'], tokens: null });
    const mark = env.api.log.length;
    await r.sync.run(id);
    expect(env.api.log.slice(mark).some((line) => line.includes('changesSince='))).toBe(true);
    expect(r.sync.snapshot(id)!.tokens.get('sa_000001')).toBeNull();
    expect(r.pages.get(id, 'logs:sa_000001')).toBeNull();
    expect(r.pages.get(id, 'logs:sa_000002')).not.toBeNull();
    expect(r.pages.get(id, 'audit')).not.toBeNull();
    expect((await rig()).pages.get(id, 'logs:sa_000001')).toBeNull();
  });

  it('sameAccess compares member, roles, groups and permissions, not their order', () => {
    const shuffled = {
      ...testMe,
      groups: [...testMe.groups].reverse(),
      permissions: [...testMe.permissions].reverse(),
    };
    expect(sameAccess(testMe, shuffled)).toBe(true);
    expect(sameAccess(testMe, { ...testMe, groups: [...testMe.groups, 'more'] })).toBe(false);
    expect(sameAccess(testMe, { ...testMe, roles: ['Viewer'] })).toBe(false);
    expect(sameAccess(testMe, { ...testMe, permissions: effectivePermissions({ roles: ['Viewer'] }) })).toBe(false);
    expect(sameAccess(testMe, { ...testMe, id: 'm_other' })).toBe(false);
  });
});
