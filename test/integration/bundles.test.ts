import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDirOf } from '../../src-main/services/cache-files.js';
import type { RunningServer } from '../../src-server/server.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { connectAndSync, makeRoot, sendToServer, serveDemo, shutDown, startApp, type AppUnderTest } from './helpers.js';

/** Every file of the app's cache folder with its bytes: a refused call must change none of them. */
function cacheFiles(app: AppUnderTest): Record<string, string> {
  const dir = cacheDirOf(app.dataDir);
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'base64')]));
}

/**
 * Bundles through the main-process core against the REAL server: the sync caches the domain's bundles,
 * each change patches the cache with one edit (no sync), the cache agrees with a full sync afterwards,
 * a refusal leaves the cache as it was, and the bundles are read from the encrypted cache offline.
 * Tests run in order.
 */
describe('bundles: core ↔ real server', () => {
  const root = makeRoot('bundles');
  let server: RunningServer;
  let adminToken: string;
  let app: AppUnderTest;
  let connectionId: string;
  let memberId: string;

  beforeAll(async () => {
    ({ server, adminToken } = await serveDemo(root.path, { accounts: 2, tokensPerAccount: 0, seed: 12 }));
    // A bundle made before the app connects: the first sync must bring it.
    const made = await sendToServer(server.url, adminToken, 'POST', apiPath('createBundle', { domain: 'default' }), {
      name: 'auditors',
      description: 'Read the audit log',
      permissions: ['VIEW_AUDIT'],
    });
    expect(made.status).toBe(201);
    app = await startApp(root.path);
    connectionId = (await connectAndSync(app, { name: 'Admin', url: server.url, token: adminToken })).id;
  }, 60_000);

  afterAll(() => shutDown(app, [server], root));

  const snapshot = async () => (await app.call('snapshot:get', { connectionId }))!;

  it('the sync brings the bundles; snapshot:get and bundles:list show them', async () => {
    const bundles = await app.call('bundles:list', { connectionId });
    expect(bundles).toEqual([
      expect.objectContaining({ name: 'auditors', description: 'Read the audit log', permissions: ['audit.read'] }),
    ]);
    expect((await snapshot()).bundles).toEqual(bundles);
  });

  it('create and update patch the cached bundles at once, without a sync', async () => {
    const syncsBefore = app.events.filter((e) => e.phase === 'syncing').length;
    const created = await app.call('bundles:create', {
      connectionId,
      input: { name: 'token-operators', description: 'IOMETE v2', permissions: ['MANAGE_ACCESS_TOKEN'] },
    });
    expect(created.permissions).toEqual(['access_token.manage']);
    expect((await app.call('bundles:list', { connectionId })).map((b) => b.name)).toEqual([
      'auditors',
      'token-operators',
    ]);
    const updated = await app.call('bundles:update', {
      connectionId,
      name: 'token-operators',
      patch: { permissions: ['access_token.manage', 'service_account.read'] },
    });
    expect((await snapshot()).bundles.find((b) => b.name === 'token-operators')).toEqual(updated);
    expect(app.events.filter((e) => e.phase === 'syncing').length).toBe(syncsBefore);
  });

  it('granting bundles to a member and a group patches the cached member and group; a sync follows only a grant to the caller', async () => {
    const syncing = () => app.events.filter((e) => e.phase === 'syncing').length;
    const created = await app.call('members:create', {
      connectionId,
      input: { name: 'dana', roles: ['Viewer'], groups: [] },
    });
    memberId = created.member.id;
    const granted = await app.call('members:setBundles', { connectionId, id: memberId, bundles: ['auditors'] });
    expect(granted).toEqual({ bundles: ['auditors'] });
    expect((await snapshot()).members.find((m) => m.id === memberId)!.bundles).toEqual(['auditors']);
    await app.core.settle();
    // dana's grant moves none of the caller's rights: no sync.
    const before = syncing();
    await app.call('members:setBundles', { connectionId, id: memberId, bundles: ['auditors'] });
    await app.core.settle();
    expect(syncing()).toBe(before);
    await app.call('groups:setBundles', { connectionId, name: 'admins', bundles: ['token-operators', 'auditors'] });
    expect((await snapshot()).groups.find((g) => g.name === 'admins')!.bundles).toEqual([
      'auditors',
      'token-operators',
    ]);
    // The caller is in admins: their own permissions may have moved, so a sync reads /me again.
    await app.core.settle();
    expect(syncing()).toBeGreaterThan(before);
  });

  it('deleting a bundle takes it off the cached members and groups, as the server does; a full sync agrees', async () => {
    await app.call('bundles:delete', { connectionId, name: 'auditors' });
    const after = await snapshot();
    expect(after.bundles.map((b) => b.name)).toEqual(['token-operators']);
    expect(after.members.find((m) => m.id === memberId)!.bundles).toEqual([]);
    expect(after.groups.find((g) => g.name === 'admins')!.bundles).toEqual(['token-operators']);
    await app.call('sync:run', { connectionId, full: true });
    const synced = await snapshot();
    expect(synced.bundles).toEqual(after.bundles);
    expect(synced.members).toEqual(after.members);
    expect(synced.groups).toEqual(after.groups);
  });

  it('a refused call (403) comes back with the server’s code and leaves the cache as it was', async () => {
    // A Viewer reads bundles (member.read) but may not define them (Admin only).
    const viewer = await app.call('members:create', {
      connectionId,
      input: { name: 'erin', roles: ['Viewer'], groups: [] },
    });
    const viewerConnection = (await connectAndSync(app, { name: 'Viewer', url: server.url, token: viewer.secret })).id;
    await app.core.settle();
    const before = await app.call('snapshot:get', { connectionId: viewerConnection });
    expect(before!.bundles.map((b) => b.name)).toEqual(['token-operators']);
    const files = cacheFiles(app);
    const changes = app.changes.length;

    const refused = await app.core.handle('bundles:create', {
      connectionId: viewerConnection,
      input: { name: 'mine', permissions: ['member.manage'] },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const grant = await app.core.handle('members:setBundles', {
      connectionId: viewerConnection,
      id: viewer.member.id,
      bundles: ['token-operators'],
    });
    expect(grant).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await app.core.settle();
    expect(await app.call('snapshot:get', { connectionId: viewerConnection })).toEqual(before);
    expect(cacheFiles(app)).toEqual(files);
    expect(app.changes.length).toBe(changes);
  });

  it('the IPC schemas refuse a bad body before any request', async () => {
    const bad = await app.core.handle('bundles:create', {
      connectionId,
      input: { name: 'x', permissions: ['not.a.permission'] },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('offline, after a restart, the bundles are read from the encrypted cache', async () => {
    const cached = await app.call('bundles:list', { connectionId });
    expect(cached.map((b) => b.name)).toEqual(['token-operators']);
    await app.core.dispose();
    await server.close();
    app = await startApp(root.path);
    expect(await app.call('bundles:list', { connectionId })).toEqual(cached);
    expect((await app.call('snapshot:get', { connectionId }))!.bundles).toEqual(cached);
    // The cache file is sealed: the bundle's name is not in its bytes.
    const sealed = readFileSync(join(cacheDirOf(app.dataDir), `${connectionId}.cache`), 'latin1');
    expect(sealed).not.toContain('token-operators');
    server = { close: () => Promise.resolve() } as unknown as RunningServer;
  });
});
