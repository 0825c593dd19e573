import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src-server/server.js';
import { openStore } from '../../src-server/store/store.js';
import { SYSTEM_ACTOR } from '../../src-server/bootstrap.js';
import { dataKeyOf, readableFiles } from '../../src-main/services/test-support/secrets-at-rest.js';
import { makeRoot, secretsAtRest, serveDemo, shutDown, startApp, type AppUnderTest } from './helpers.js';

const ACCOUNTS = 60;
const TOKENS = 3;

/**
 * The main-process core against the REAL TokenDesk server: connect, background sync, browse,
 * incremental sync after server-side changes, offline with the cache, and no secret on disk.
 * The tests run in order and share one server and one app data folder.
 */
describe('core ↔ real server', () => {
  const root = makeRoot('core-sync');
  let serverDir: string;
  let server: RunningServer;
  let adminToken: string;
  let app: AppUnderTest;
  let connectionId: string;

  beforeAll(async () => {
    ({ server, serverDir, adminToken } = await serveDemo(root.path, {
      accounts: ACCOUNTS,
      tokensPerAccount: TOKENS,
      seed: 7,
    }));
    expect(adminToken).toMatch(/^tdk_pt_/);
    app = await startApp(root.path);
  });

  afterAll(() => shutDown(app, [server], root));

  it('connections:test reaches the server and answers who we are', async () => {
    const result = await app.call('connections:test', {
      name: 'Local',
      url: server.url,
      domain: 'default',
      token: adminToken,
    });
    expect(result.me).toMatchObject({ name: 'admin', domain: 'default' });
    expect(result.serverVersion).not.toBe('');
  });

  it('add connection → background sync → snapshot → accounts:get', async () => {
    const view = await app.call('connections:add', {
      name: 'Local',
      url: server.url,
      domain: 'default',
      token: adminToken,
    });
    connectionId = view.id;
    expect(view.credential).toBe('keychain');
    const status = await app.settled(connectionId);
    expect(status).toMatchObject({ phase: 'idle', error: null });
    expect(app.events.some((e) => e.progress?.total === ACCOUNTS)).toBe(true);

    const snapshot = (await app.call('snapshot:get', { connectionId }))!;
    expect(snapshot.accounts).toHaveLength(ACCOUNTS);
    expect(snapshot.me.name).toBe('admin');
    expect(snapshot.roles.map((r) => r.name)).toContain('Admin');
    expect(snapshot.accounts.every((a) => !('tokens' in a))).toBe(true);

    const withTokens = snapshot.accounts.find((a) => a.tokenCount > 0)!;
    const detail = (await app.call('accounts:get', { connectionId, id: withTokens.id }))!;
    expect(detail.id).toBe(withTokens.id);
    expect(detail.tokens === null || detail.tokens.length === withTokens.tokenCount).toBe(true);
  });

  it('incremental sync picks up a change and a deletion made on the server', async () => {
    const before = (await app.call('snapshot:get', { connectionId }))!;
    const [changed, removed] = [before.accounts[3]!, before.accounts[7]!];
    const store = await openStore(serverDir);
    try {
      await store.members.updateServiceAccount(
        changed.id,
        { description: 'Changed by the integration test' },
        SYSTEM_ACTOR,
      );
      await store.members.deleteServiceAccount(removed.id, SYSTEM_ACTOR);
    } finally {
      await store.close();
    }
    const mark = app.events.length;
    const status = await app.call('sync:run', { connectionId });
    expect(status).toMatchObject({ phase: 'idle', error: null });
    // Only the changed account came down: an incremental sync, not a full one.
    expect(app.events.slice(mark).some((e) => e.progress?.total === 1)).toBe(true);
    expect(app.events.slice(mark).some((e) => e.progress?.total === ACCOUNTS - 1)).toBe(false);

    const after = (await app.call('snapshot:get', { connectionId }))!;
    expect(after.accounts).toHaveLength(ACCOUNTS - 1);
    expect(after.accounts.find((a) => a.id === changed.id)!.description).toBe('Changed by the integration test');
    expect(after.accounts.find((a) => a.id === removed.id)).toBeUndefined();
    expect(after.asOf >= before.asOf).toBe(true);
  });

  it('server stopped: sync:run gives phase offline, and the cached data is still there (also after a restart)', async () => {
    const cached = (await app.call('snapshot:get', { connectionId }))!;
    await server.close();
    const status = await app.call('sync:run', { connectionId });
    expect(status).toMatchObject({ phase: 'idle', error: null });
    expect(status.link).toMatchObject({
      state: 'offline',
      code: 'network_unreachable',
      reason: `Can't reach ${server.url}. Check that the server is running.`,
    });
    expect(status.lastSyncedAt).toBe(cached.asOf);
    expect(await app.call('snapshot:get', { connectionId })).toEqual(cached);

    await app.core.dispose();
    app = await startApp(root.path);
    expect(await app.call('snapshot:get', { connectionId })).toEqual(cached);
    expect((await app.call('connections:list'))[0]).toMatchObject({
      credential: 'keychain',
      lastSyncedAt: cached.asOf,
    });
  });

  it('no file under the app data folder holds the admin token (sealed cache files read decrypted)', async () => {
    const files = readableFiles(app.dataDir, await dataKeyOf(app.dataDir, app.keyring));
    expect(files.map((f) => f.path.slice(app.dataDir.length))).toEqual(
      expect.arrayContaining(['/connections.json', '/data-key.json', `/cache/${connectionId}.cache`]),
    );
    expect(files.filter((f) => f.decrypted).map((f) => f.path.slice(app.dataDir.length))).toEqual(
      expect.arrayContaining([`/cache/${connectionId}.cache`]),
    );
    const parts = [adminToken, adminToken.slice(7, 37)];
    expect(await secretsAtRest(app, [...parts, ...parts.map((p) => Buffer.from(p).toString('base64'))])).toEqual([]);
    for (const file of files) expect(file.text, file.path).not.toMatch(/tdk_(sa|pt)_[0-9A-Za-z]{36}/);
  });
});
