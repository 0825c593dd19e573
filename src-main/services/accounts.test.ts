import { mkdirSync, rmSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeAccount } from './test-support/fixtures.js';
import { startFakeApi } from './test-support/fake-api.js';
import { plainSnapshot } from './test-support/snapshots.js';
import { useRigEnv, type SyncRig } from './test-support/sync-rig.js';
import { failure } from './test-support/failure.js';

/**
 * AccountService over the real client, sync and encrypted cache, against the scripted HTTP server
 * (for lost answers and races). The same flows against the real server: test/integration.
 */
describe('AccountService', () => {
  const env = useRigEnv('accounts', (api) => {
    for (let i = 0; i < 6; i++) api.upsert(makeAccount(i, 2));
  });
  let r: SyncRig;
  let id: string;

  const rig = (pageSize = 4) => env.rig({ pageSize });
  /** What the call rejected with, as the renderer would receive it. */
  const requests = (method: string) => env.api.log.filter((line) => line.startsWith(`${method} `));
  const accountIds = () => r.sync.snapshot(id)!.accounts.map((a) => a.id);

  beforeEach(async () => {
    r = await rig();
    id = await env.connect(r);
    expect(await r.sync.run(id)).toMatchObject({ phase: 'idle' });
  });

  it('create: the new account is in the snapshot at once, with no tokens, no sync, and on disk', async () => {
    const cursor = r.sync.snapshot(id)!.syncCursor;
    const listed = requests('GET').length;
    const created = await r.accounts.create(id, {
      name: 'billing_export',
      description: 'Nightly export',
      roles: ['Viewer'],
      grants: [],
      denies: [],
      groups: [],
      basicAuthEnabled: false,
    });
    expect(created).toMatchObject({ name: 'billing_export', groups: ['admins'], tokens: [] });
    expect(requests('POST')).toEqual([`POST /api/v1/domains/default/service-accounts`]);
    expect(requests('GET')).toHaveLength(listed);

    const snapshot = r.sync.snapshot(id)!;
    expect(snapshot.accounts.find((a) => a.id === created.id)).toEqual({ ...created, tokens: undefined });
    expect(snapshot.accounts.find((a) => a.id === created.id)).not.toHaveProperty('tokens');
    expect(snapshot.syncCursor).toBe(cursor);
    expect(r.sync.account(id, created.id)).toEqual(created);
    // Persisted: another app over the same data folder sees it.
    const restarted = await rig();
    expect(restarted.sync.account(id, created.id)).toEqual(created);

    // The next incremental sync sees the change again and merges it to the same result.
    const before = plainSnapshot(r.sync.snapshot(id))!;
    await r.sync.run(id);
    const after = plainSnapshot(r.sync.snapshot(id))!;
    expect(after.accounts).toEqual(before.accounts);
    expect(after.tokens).toEqual(before.tokens);
    expect(after.syncCursor).not.toBe(cursor);
  });

  it('create in a group this admin is not in: tokens null (may not see them), as sync would store it', async () => {
    const created = await r.accounts.create(id, {
      name: 'other_team',
      description: '',
      roles: ['Viewer'],
      grants: [],
      denies: [],
      groups: ['data-team'],
      basicAuthEnabled: false,
    });
    expect(created.tokens).toBeNull();
    expect(r.sync.account(id, created.id)?.tokens).toBeNull();
  });

  it('update: the row changes in place, its tokens stay', async () => {
    const before = r.sync.account(id, 'sa_000002')!;
    const updated = await r.accounts.update(id, 'sa_000002', { description: 'Changed', enabled: false });
    expect(updated).toMatchObject({ id: 'sa_000002', description: 'Changed', enabled: false });
    expect(updated.tokens).toEqual(before.tokens);
    expect(updated.tokens).toHaveLength(2);
    expect(accountIds()).toEqual(['sa_000000', 'sa_000001', 'sa_000002', 'sa_000003', 'sa_000004', 'sa_000005']);
    expect(r.sync.account(id, 'sa_000002')).toEqual(updated);
    expect((await rig()).sync.account(id, 'sa_000002')).toEqual(updated);
    expect(requests('PATCH')).toHaveLength(1);
  });

  it('delete: the row and its tokens are gone, accounts:get answers null, also after a restart', async () => {
    await r.accounts.remove(id, 'sa_000001');
    expect(accountIds()).not.toContain('sa_000001');
    expect(r.sync.account(id, 'sa_000001')).toBeNull();
    expect((await rig()).sync.account(id, 'sa_000001')).toBeNull();
    expect(requests('DELETE')).toEqual(['DELETE /api/v1/domains/default/service-accounts/sa_000001']);
  });

  it('a DELETE whose answer was lost and whose retry finds nothing (404) has succeeded', async () => {
    const path = '/api/v1/domains/default/service-accounts/sa_000003';
    env.api.beforeAnswer = (request) => {
      // The server deletes it, then the answer is lost (a 503 from a proxy).
      if (request === path && env.api.accounts.has('sa_000003')) env.api.remove('sa_000003');
    };
    env.api.failNext(1, 503, { match: /sa_000003$/ });
    await r.accounts.remove(id, 'sa_000003');
    expect(requests('DELETE')).toHaveLength(2);
    expect(accountIds()).not.toContain('sa_000003');
  });

  it('a DELETE that finds nothing on its first attempt is the server’s not_found, and changes nothing', async () => {
    env.api.remove('sa_000003');
    const error = await failure(r.accounts.remove(id, 'sa_000003'));
    expect(error).toEqual({
      code: 'not_found',
      message: 'There is no service account with id "sa_000003".',
      status: 404,
    });
    expect(requests('DELETE')).toHaveLength(1);
    expect(accountIds()).toContain('sa_000003');
  });

  it('errors come back in the server’s words with its status; POST and PATCH are not retried', async () => {
    const taken = await failure(
      r.accounts.create(id, {
        name: 'account_000001',
        description: '',
        roles: [],
        grants: [],
        denies: [],
        groups: [],
        basicAuthEnabled: false,
      }),
    );
    expect(taken).toEqual({
      code: 'name_taken',
      message: 'A service account named "account_000001" already exists.',
      status: 409,
    });

    env.api.failNext(1, 503, { match: /service-accounts$/ });
    const unavailable = await failure(
      r.accounts.create(id, {
        name: 'new_one',
        description: '',
        roles: [],
        grants: [],
        denies: [],
        groups: [],
        basicAuthEnabled: false,
      }),
    );
    expect(unavailable).toMatchObject({ code: 'internal', message: 'Scripted failure', status: 503 });
    env.api.failNext(1, 503, {
      match: /sa_000002$/,
      body: { error: { code: 'not_same_group', message: 'You must be in the same group.' } },
    });
    expect(await failure(r.accounts.update(id, 'sa_000002', { enabled: false }))).toEqual({
      code: 'not_same_group',
      message: 'You must be in the same group.',
      status: 503,
    });
    expect(requests('POST')).toHaveLength(2);
    expect(requests('PATCH')).toHaveLength(1);
    expect(accountIds()).toHaveLength(6);
    expect(r.sync.account(id, 'sa_000002')?.enabled).toBe(makeAccount(2, 2).enabled);
  });

  it('offline: network_unreachable, and the cached snapshot is left exactly as it was', async () => {
    const before = plainSnapshot(r.sync.snapshot(id));
    await env.api.close();
    const input = {
      name: 'while_offline',
      description: '',
      roles: [],
      grants: [],
      denies: [],
      groups: [],
      basicAuthEnabled: false,
    };
    expect(await failure(r.accounts.create(id, input))).toMatchObject({ code: 'network_unreachable' });
    expect(await failure(r.accounts.update(id, 'sa_000001', { enabled: false }))).toMatchObject({
      code: 'network_unreachable',
    });
    expect(await failure(r.accounts.remove(id, 'sa_000001'))).toMatchObject({ code: 'network_unreachable' });
    expect(plainSnapshot(r.sync.snapshot(id))).toEqual(before);
    expect(plainSnapshot((await rig()).sync.snapshot(id))).toEqual(before);
  });

  it('a change made while a sync is running is not lost when that sync saves what it read before', async () => {
    // One page, so the whole listing is read (and held) before the changes are made.
    r = await rig(100);
    const mark = env.api.log.length;
    const release = env.api.holdAnswers(/service-accounts\?/);
    const run = r.sync.run(id, { full: true });
    await until(() => env.api.log.slice(mark).some((line) => line.includes('service-accounts?')));
    const created = await r.accounts.create(id, {
      name: 'aaa_during_sync',
      description: '',
      roles: ['Viewer'],
      grants: [],
      denies: [],
      groups: [],
      basicAuthEnabled: false,
    });
    await r.accounts.remove(id, 'sa_000004');
    const expected = [created.id, 'sa_000000', 'sa_000001', 'sa_000002', 'sa_000003', 'sa_000005'];
    expect(accountIds()).toEqual(expected);
    release();
    expect(await run).toMatchObject({ phase: 'idle', error: null });
    // The sync's page was read before both changes; the changes were applied again over it.
    expect(env.api.log.slice(mark).filter((line) => line.includes('service-accounts?'))).toHaveLength(1);
    expect(accountIds()).toEqual(expected);
    expect((await rig()).sync.snapshot(id)!.accounts.map((a) => a.id)).toEqual(expected);
    // And the next sync agrees.
    await r.sync.run(id);
    expect(accountIds()).toEqual(expected);
  });

  it('a connection pointed at another server while its request was out: that server’s cache is not touched', async () => {
    const other = await startFakeApi({ token: env.api.token });
    try {
      for (let i = 0; i < 6; i++) other.upsert(makeAccount(i, 2));
      const release = env.api.hold();
      const pending = r.accounts.remove(id, 'sa_000001');
      await until(() => requests('DELETE').length === 1);
      await r.connections.update(id, { url: other.url, token: env.api.token });
      r.sync.restart(id);
      await until(() => r.sync.snapshot(id) !== null);
      release();
      await pending;
      await r.sync.settle();
      expect(accountIds()).toContain('sa_000001');
      expect(other.log.filter((line) => line.startsWith('DELETE'))).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('a change that cannot be saved on disk is still shown, and reported as a sync status error', async () => {
    // A directory where the journal goes: the append fails, as on a full disk.
    const journal = r.cachePath(id).replace(/\.cache$/, '.journal');
    mkdirSync(journal);
    const events = r.events.length;
    await r.accounts.update(id, 'sa_000001', { description: 'Unsaved' });
    expect(r.sync.account(id, 'sa_000001')?.description).toBe('Unsaved');
    const status = r.sync.status(id);
    expect(status).toMatchObject({ phase: 'error', error: { code: 'internal' } });
    expect(status.error?.message).toMatch(/^The change was made on the server, but could not be saved/);
    expect(r.events.slice(events)).toHaveLength(1);
    rmSync(journal, { recursive: true });
  });
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
