import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { restContract } from '../../src-shared/api/contract.js';
import { makeAccount } from './test-support/fixtures.js';
import { useRigEnv, type SyncRig } from './test-support/sync-rig.js';
import { seal, unseal } from './sealed-envelope.js';
import { fromItems, merge } from './snapshot-merge.js';
import { cacheDirOf } from './cache-files.js';
import { plainSnapshot } from './test-support/snapshots.js';

describe('SyncService', () => {
  const env = useRigEnv('sync', (api) => {
    for (let i = 0; i < 10; i++) api.upsert(makeAccount(i, 2));
  });

  const rig = (pageSize = 4) => env.rig({ pageSize });
  const addConnection = async (r: SyncRig, token?: string) => ({ id: await env.connect(r, token) });

  it('full sync: pages through everything, reports progress, saves the snapshot encrypted', async () => {
    const r = await rig(4);
    const { id } = await addConnection(r);
    const status = await r.sync.run(id);
    expect(status).toMatchObject({ phase: 'idle', error: null, progress: null });
    expect(status.lastSyncedAt).not.toBeNull();
    const pages = env.api.log.filter((l) => l.includes('/service-accounts'));
    expect(pages).toHaveLength(3);
    expect(pages[0]).toContain('include=tokens');
    expect(r.events.map((e) => e.phase)).toEqual(['syncing', 'syncing', 'syncing', 'syncing', 'idle']);
    expect(r.events.map((e) => e.progress)).toEqual([
      { done: 0, total: null },
      { done: 4, total: 10 },
      { done: 8, total: 10 },
      { done: 10, total: 10 },
      null,
    ]);
    const snapshot = r.sync.snapshot(id)!;
    expect(snapshot.accounts).toHaveLength(10);
    expect(snapshot.accounts.every((a) => !('tokens' in a))).toBe(true);
    expect(snapshot.tokens.get(snapshot.accounts[0]!.id)).toHaveLength(2);
    expect(r.sync.account(id, 'sa_000003')).toEqual(makeAccount(3, 2));
    expect(r.sync.account(id, 'sa_999999')).toBeNull();
    expect(readFileSync(r.cachePath(id), 'utf8')).not.toContain('account_000001');
    expect(r.connections.view(id).lastSyncedAt).toBe(snapshot.asOf);

    const reopened = await rig();
    const cold = reopened.sync.snapshot(id)!;
    expect(cold.tokens.parsed).toBe(false);
    expect(reopened.sync.account(id, 'sa_000003')).toEqual(makeAccount(3, 2));
    expect(cold.tokens.parsed).toBe(true);
    expect(plainSnapshot(cold)).toEqual(plainSnapshot(snapshot));
  });

  it('full sync: pages as the server writes them skip the zod schema; any other page still goes through it', async () => {
    const schema = restContract.listServiceAccounts.response.schema;
    const safeParse = vi.spyOn(schema, 'safeParse');
    try {
      const r = await rig(4);
      const { id } = await addConnection(r);
      safeParse.mockClear();
      await r.sync.run(id, { full: true });
      expect(safeParse).not.toHaveBeenCalled();
      expect(r.sync.account(id, 'sa_000003')).toEqual(makeAccount(3, 2));

      // A key the contract does not have: the schema takes the page, and drops the key as always.
      env.api.upsert({ ...makeAccount(10, 1), extra: 'not in the contract' } as ReturnType<typeof makeAccount>);
      await r.sync.run(id, { full: true });
      expect(safeParse).toHaveBeenCalled();
      expect(r.sync.account(id, 'sa_000010')).toEqual(makeAccount(10, 1));
    } finally {
      safeParse.mockRestore();
    }
  });

  it('a cold load parses the head only; the first account opened parses the tokens part, once', async () => {
    const r = await rig(4);
    const { id } = await addConnection(r);
    await r.sync.run(id);
    // The tokens part of the file is JSON of the object from account id to tokens.
    const parse = vi.spyOn(JSON, 'parse');
    const tokenPartParses = () => parse.mock.calls.filter(([text]) => text.startsWith('{"sa_000000":')).length;
    try {
      const cold = await rig(4);
      expect(cold.sync.snapshot(id)!.accounts).toHaveLength(10);
      expect(parse.mock.calls.some(([text]) => text.startsWith('{"version":'))).toBe(true);
      expect(tokenPartParses()).toBe(0);
      expect(cold.sync.account(id, 'sa_000002')).toEqual(makeAccount(2, 2));
      expect(tokenPartParses()).toBe(1);
      expect(cold.sync.account(id, 'sa_000006')).toEqual(makeAccount(6, 2));
      expect(tokenPartParses()).toBe(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('a sync that fails (offline) does not parse the tokens of a cold-loaded cache', async () => {
    const r = await rig(4);
    const { id } = await addConnection(r);
    await r.sync.run(id);
    const cold = await rig(4);
    await env.api.close();
    expect((await cold.sync.run(id)).link.state).toBe('offline');
    expect(cold.sync.snapshot(id)!.tokens.parsed).toBe(false);
    expect(cold.sync.account(id, 'sa_000001')).toEqual(makeAccount(1, 2));
  });

  it('keeps the syncCursor of the FIRST page, so a change made mid-sync is not lost', async () => {
    const r = await rig(4);
    const { id } = await addConnection(r);
    // While page 2 is served, an account already delivered on page 1 changes.
    env.api.beforeAnswer = (request) => {
      if (request.includes('cursor=4')) {
        env.api.beforeAnswer = null;
        env.api.upsert({ ...makeAccount(0, 2), description: 'changed mid-sync' });
      }
    };
    await r.sync.run(id);
    expect(r.sync.snapshot(id)!.accounts[0]!.description).not.toBe('changed mid-sync');
    env.api.log.length = 0;
    await r.sync.run(id);
    expect(env.api.log.find((l) => l.includes('/service-accounts'))).toContain('changesSince=');
    expect(r.sync.snapshot(id)!.accounts[0]!.description).toBe('changed mid-sync');
  });

  it('incremental sync sends changesSince, merges changes and drops deleted accounts', async () => {
    const r = await rig(4);
    const { id } = await addConnection(r);
    await r.sync.run(id);
    const cursor = r.sync.snapshot(id)!.syncCursor;
    env.api.log.length = 0;

    const changed = { ...makeAccount(3, 2), description: 'changed' };
    env.api.upsert(changed);
    env.api.upsert(makeAccount(42, 1));
    env.api.remove('sa_000005');
    const status = await r.sync.run(id);
    expect(status.phase).toBe('idle');
    const listing = env.api.log.filter((l) => l.includes('/service-accounts'));
    expect(listing).toHaveLength(1);
    expect(listing[0]).toContain(`changesSince=${cursor}`);
    const snapshot = r.sync.snapshot(id)!;
    expect(snapshot.accounts.map((a) => a.id)).not.toContain('sa_000005');
    expect(snapshot.accounts.find((a) => a.id === 'sa_000003')!.description).toBe('changed');
    expect(snapshot.accounts.find((a) => a.id === 'sa_000042')).toBeDefined();
    expect(snapshot.accounts).toHaveLength(10);
    expect(snapshot.syncCursor).not.toBe(cursor);
    expect(snapshot.tokens.get('sa_000005')).toBeUndefined();
    expect(r.sync.account(id, 'sa_000042')).toEqual(makeAccount(42, 1));
    expect(r.sync.account(id, 'sa_000003')).toEqual(changed);
    expect([...snapshot.tokens.entries().keys()].sort()).toEqual(snapshot.accounts.map((a) => a.id).sort());
    expect(plainSnapshot((await rig()).sync.snapshot(id))).toEqual(plainSnapshot(snapshot));
  });

  it('an incremental sync from a cold load (tokens not yet read) keeps the tokens of unchanged accounts', async () => {
    const r = await rig(4);
    const { id } = await addConnection(r);
    await r.sync.run(id);
    env.api.upsert({ ...makeAccount(3, 2), description: 'changed' });
    const restarted = await rig(4);
    expect(restarted.sync.snapshot(id)!.tokens.parsed).toBe(false);
    expect((await restarted.sync.run(id)).phase).toBe('idle');
    expect(restarted.sync.account(id, 'sa_000007')).toEqual(makeAccount(7, 2));
    expect(restarted.sync.account(id, 'sa_000003')?.description).toBe('changed');
    expect((await rig(4)).sync.account(id, 'sa_000007')).toEqual(makeAccount(7, 2));
  });

  it('falls back to a full sync when the server rejects the cursor', async () => {
    const r = await rig(100);
    const { id } = await addConnection(r);
    await r.sync.run(id);
    env.api.remove('sa_000001');
    env.api.forgetCursorsBefore(1_000);
    env.api.log.length = 0;
    const status = await r.sync.run(id);
    expect(status.phase).toBe('idle');
    const listing = env.api.log.filter((l) => l.includes('/service-accounts'));
    expect(listing[0]).toContain('changesSince=');
    expect(listing[1]).not.toContain('changesSince=');
    expect(r.sync.snapshot(id)!.accounts).toHaveLength(9);
  });

  it('full: true forces a full sync', async () => {
    const r = await rig(100);
    const { id } = await addConnection(r);
    await r.sync.run(id);
    env.api.log.length = 0;
    await r.sync.run(id, { full: true });
    expect(env.api.log.find((l) => l.includes('/service-accounts'))).not.toContain('changesSince');
  });

  it('offline: the link says offline since when and why, cache kept; 401 is auth failed in the server’s words', async () => {
    const r = await rig(100);
    const { id } = await addConnection(r);
    await r.sync.run(id);

    env.api.failNext(1, 401, { body: { error: { code: 'token_expired', message: 'This token has expired.' } } });
    const denied = await r.sync.run(id);
    expect(denied).toMatchObject({
      phase: 'idle',
      error: null,
      link: {
        state: 'auth_failed',
        code: 'token_expired',
        reason:
          "The server rejected this connection's token: This token has expired. Enter a valid token under Connections.",
      },
    });
    expect((await r.sync.run(id)).link).toMatchObject({ state: 'online', since: null, reason: null });
    const before = r.sync.snapshot(id);

    await env.api.close();
    const offline = await r.sync.run(id);
    expect(offline).toMatchObject({ phase: 'idle', error: null });
    expect(offline.link.since).not.toBeNull();
    expect(offline.link).toEqual({
      state: 'offline',
      since: offline.link.since,
      code: 'network_unreachable',
      reason: `Can't reach ${env.api.url}. Check that the server is running.`,
      nextCheckAt: null,
    });
    expect(r.sync.snapshot(id)).toBe(before);
    expect(offline.lastSyncedAt).toBe(before!.asOf);
    // Still offline: since stays when it first went.
    expect((await r.sync.run(id)).link.since).toBe(offline.link.since);
  });

  it('a half-finished sync never replaces the snapshot', async () => {
    const r = await rig(4);
    const { id } = await addConnection(r);
    await r.sync.run(id, { full: true });
    const before = readFileSync(r.cachePath(id));
    env.api.failNext(1, 500, { match: /cursor=8/ });
    const status = await r.sync.run(id, { full: true });
    expect(status.phase).toBe('error');
    expect(readFileSync(r.cachePath(id)).equals(before)).toBe(true);
    expect(r.sync.snapshot(id)!.accounts).toHaveLength(10);
  });

  it('a second run while one is running joins it', async () => {
    const r = await rig(100);
    const { id } = await addConnection(r);
    const release = env.api.hold();
    const first = r.sync.run(id);
    const second = r.sync.run(id, { full: true });
    expect(second).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 30));
    release();
    await Promise.all([first, second]);
    expect(env.api.log.filter((l) => l.includes('/service-accounts'))).toHaveLength(1);
    expect(env.api.log.filter((l) => l.endsWith('/me'))).toHaveLength(1);
  });

  it('a flipped byte in the cache is set aside, reported, and recovered by a re-sync', async () => {
    const r = await rig(4);
    const { id } = await addConnection(r);
    await r.sync.run(id);
    const path = r.cachePath(id);
    const bytes = readFileSync(path);
    bytes[Math.floor(Math.random() * bytes.length)]! ^= 0x04;
    writeFileSync(path, bytes);

    const restarted = await rig(4);
    env.api.log.length = 0;
    const status = restarted.sync.status(id);
    expect(status.cacheRecovered).toMatch(/could not be read/);
    expect(restarted.sync.snapshot(id)).toBeNull();
    expect(readdirSync(cacheDirOf(restarted.dataDir)).some((n) => n.startsWith(`${id}.cache.corrupt-`))).toBe(true);
    // The re-sync starts by itself.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const final = await restarted.sync.run(id);
    expect(final.phase).toBe('idle');
    expect(final.cacheRecovered).toMatch(/could not be read/);
    expect(env.api.log.filter((l) => l.includes('/service-accounts')).every((l) => !l.includes('changesSince'))).toBe(
      true,
    );
    expect(restarted.sync.snapshot(id)!.accounts).toHaveLength(10);
    expect(restarted.events.some((e) => e.cacheRecovered !== null)).toBe(true);
    // Shown once; the next sync clears it.
    expect((await restarted.sync.run(id)).cacheRecovered).toBeNull();
  });

  describe('a tokens part that is damaged but authentic (it passes the GCM check)', () => {
    /** Re-seals the cache file with its tokens part replaced by text that is not a token index. */
    const damageTokens = (r: SyncRig, id: string) => {
      const label = `snapshot:${id}.cache`;
      const plaintext = unseal(r.key, readFileSync(r.cachePath(id), 'utf8'), label);
      const head = plaintext.slice(0, plaintext.indexOf('\n'));
      writeFileSync(r.cachePath(id), seal(r.key, `${head}\n{"sa_000000":[}`, label));
    };

    it('is not read by a cold load; accounts:get finds it, sets the file aside, reports it and re-syncs', async () => {
      const r = await rig(4);
      const { id } = await addConnection(r);
      await r.sync.run(id);
      damageTokens(r, id);

      const restarted = await rig(4);
      env.api.log.length = 0;
      // The list loads: only the head is parsed.
      expect(restarted.sync.status(id).cacheRecovered).toBeNull();
      expect(restarted.sync.snapshot(id)!.accounts).toHaveLength(10);
      expect(restarted.sync.snapshot(id)!.tokens.parsed).toBe(false);
      // Opening an account reads the tokens part: damaged, so no answer, and a recovery as at load.
      expect(restarted.sync.account(id, 'sa_000003')).toBeNull();
      expect(restarted.sync.status(id).cacheRecovered).toMatch(/could not be read/);
      expect(restarted.sync.snapshot(id)).toBeNull();
      expect(readdirSync(cacheDirOf(restarted.dataDir)).some((n) => n.startsWith(`${id}.cache.corrupt-`))).toBe(true);
      // The full re-sync started by itself.
      await restarted.sync.settle();
      expect(env.api.log.filter((l) => l.includes('/service-accounts'))).not.toHaveLength(0);
      expect(env.api.log.filter((l) => l.includes('/service-accounts')).every((l) => !l.includes('changesSince'))).toBe(
        true,
      );
      expect(restarted.sync.status(id).phase).toBe('idle');
      expect(restarted.sync.status(id).cacheRecovered).toMatch(/could not be read/);
      expect(restarted.sync.account(id, 'sa_000003')).toEqual(makeAccount(3, 2));
      expect((await rig(4)).sync.account(id, 'sa_000003')).toEqual(makeAccount(3, 2));
    });

    it('an incremental sync reads it when merging, sets it aside and runs a full sync instead', async () => {
      const r = await rig(4);
      const { id } = await addConnection(r);
      await r.sync.run(id);
      damageTokens(r, id);
      // Something changed on the server: the merge reads the tokens part (a sync that finds nothing
      // new writes nothing and reads no tokens).
      env.api.upsert(makeAccount(9, 2));

      const restarted = await rig(4);
      env.api.log.length = 0;
      const status = await restarted.sync.run(id);
      expect(status).toMatchObject({ phase: 'idle', error: null });
      expect(status.cacheRecovered).toMatch(/could not be read/);
      const listing = env.api.log.filter((l) => l.includes('/service-accounts'));
      expect(listing).toHaveLength(4);
      expect(listing[0]).toContain('changesSince=');
      expect(listing.slice(1).every((l) => !l.includes('changesSince'))).toBe(true);
      expect(readdirSync(cacheDirOf(restarted.dataDir)).some((n) => n.startsWith(`${id}.cache.corrupt-`))).toBe(true);
      expect(restarted.sync.account(id, 'sa_000009')).toEqual(makeAccount(9, 2));
    });
  });

  it('a memory-only credential after restart: auth failed (credential_missing), cache still readable', async () => {
    const r = await rig(100);
    const { id } = await addConnection(r);
    await r.sync.run(id);
    // Simulate the memory-only case: the credential is not known after a restart.
    const restarted = await rig(100);
    (restarted.connections as unknown as { credentialOf: (id: string) => string | null }).credentialOf = () => null;
    const status = await restarted.sync.run(id);
    expect(status).toMatchObject({ phase: 'idle', link: { state: 'auth_failed', code: 'credential_missing' } });
    expect(restarted.sync.snapshot(id)!.accounts).toHaveLength(10);
  });

  it('a connection removed during its sync leaves no cache file behind', async () => {
    const r = await rig(100);
    const { id } = await addConnection(r);
    const release = env.api.hold();
    const run = r.sync.run(id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    r.connections.remove(id);
    r.sync.forget(id);
    release();
    await run;
    // Nothing was written, so the cache folder may not even exist.
    const dir = cacheDirOf(r.dataDir);
    expect(existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith(id)) : []).toEqual([]);
  });
});

describe('merge', () => {
  it('replaces in place, appends new ones sorted by name, drops deleted, rows and tokens alike', () => {
    const a = makeAccount(1, 1);
    const b = makeAccount(2, 1);
    const c = makeAccount(3, 1);
    const b2 = { ...makeAccount(2, 3), description: 'new' };
    const current = fromItems([a, b, c]);
    const merged = merge(current, [b2, makeAccount(0, 2)], new Set([c.id]));
    expect(merged.accounts.map((x) => x.id)).toEqual(['sa_000000', 'sa_000001', 'sa_000002']);
    expect(merged.accounts[2]!.description).toBe('new');
    expect(merged.accounts.every((x) => !('tokens' in x))).toBe(true);
    expect([...merged.tokens.entries().keys()].sort()).toEqual(['sa_000000', 'sa_000001', 'sa_000002']);
    expect(merged.tokens.get('sa_000002')).toHaveLength(3);
    expect(merged.tokens.get('sa_000000')).toHaveLength(2);
    expect(merged.tokens.get('sa_000001')).toEqual(a.tokens);
    // The current snapshot is untouched: it stays in use until the merged one is saved.
    expect(current.accounts.map((x) => x.id)).toEqual(['sa_000001', 'sa_000002', 'sa_000003']);
    expect(current.tokens.get('sa_000002')).toHaveLength(1);
    expect(current.tokens.get('sa_000003')).toHaveLength(1);
  });
});
