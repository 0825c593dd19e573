import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDirOf } from '../../src-main/services/cache-files.js';
import { dataKeyOf, findAtRest, plantInSealedFile } from '../../src-main/services/test-support/secrets-at-rest.js';
import { filesUnder } from '../../src-main/services/test-support/files.js';
import type { RunningServer } from '../../src-server/server.js';
import type { AccountRow } from '../../src-shared/ipc/models.js';
import { connectAndSync, makeRoot, serveDemo, shutDown, startApp, type AppUnderTest } from './helpers.js';
import { startLossyProxy, type LossyProxy } from './lossy-proxy.js';

/** Every file under the data folder with what a write would change: size, modification time, inode. */
function fingerprint(dir: string): Record<string, string> {
  return Object.fromEntries(
    filesUnder(dir).map((path) => {
      const stat = statSync(path, { bigint: true });
      return [path.slice(dir.length), `${stat.size}:${stat.mtimeNs}:${stat.ino}`];
    }),
  );
}

/** The journal's records (lines after its header); 0 when there is no journal. */
function journalRecords(app: AppUnderTest, connectionId: string): number {
  try {
    return readFileSync(join(cacheDirOf(app.dataDir), `${connectionId}.journal`), 'latin1').split('\n').length - 2;
  } catch {
    return 0;
  }
}

/**
 * What the encrypted cache writes, through the real core against the real server: a sync that finds
 * nothing writes nothing (and re-reads and announces nothing); an edit is one journal record, never a
 * rewrite of the whole cache; what was appended loads after a restart and holds no plaintext.
 */
describe('the cache writes what changed, through the core', () => {
  const root = makeRoot('cache-writes');
  let server: RunningServer;
  /** Passes everything through; it lists what the app asked the server. */
  let proxy: LossyProxy;
  let adminToken: string;
  let app: AppUnderTest;
  let connectionId: string;
  let editable: AccountRow;
  const basePath = () => join(cacheDirOf(app.dataDir), `${connectionId}.cache`);

  beforeAll(async () => {
    ({ server, adminToken } = await serveDemo(root.path, { accounts: 40, tokensPerAccount: 2, seed: 11 }));
    proxy = await startLossyProxy(server.url, { dropResponseOf: () => false, times: 0 });
    app = await startApp(root.path);
    connectionId = (await connectAndSync(app, { name: 'Local', url: proxy.url, token: adminToken })).id;
    await app.core.settle();
    const view = await app.call('snapshot:get', { connectionId });
    editable = view!.accounts.find((a) => a.groups.includes('admins'))!;
  });

  afterAll(() => shutDown(app, [proxy, server], root));

  it('an incremental sync that finds nothing writes no file, announces no change and re-reads nothing', async () => {
    const before = fingerprint(app.dataDir);
    const changes = app.changes.length;
    const asked = proxy.seen.length;
    const status = await app.call('sync:run', { connectionId });
    await app.core.settle();
    // Only the sync's own reads: the other screens' offline copies (audit, logs, personal tokens),
    // which the app reads again after a sync that changed something, are not asked for.
    expect(proxy.seen.slice(asked).map((r) => r.path.replace(/^\/api\/v1(\/domains\/default)?/, ''))).toEqual([
      '/me',
      '/roles',
      '/groups',
      '/members',
      '/bundles',
      '/token-policy',
      '/service-accounts',
    ]);
    expect(status).toMatchObject({ phase: 'idle', error: null });
    expect(fingerprint(app.dataDir)).toEqual(before);
    expect(app.changes.slice(changes)).toEqual([]);
    // The status still says when the server was last asked.
    expect(Date.parse(status.lastSyncedAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('the enable switch is one journal record: the base file is not rewritten', async () => {
    const base = statSync(basePath(), { bigint: true });
    const records = journalRecords(app, connectionId);
    await app.call('accounts:update', { connectionId, id: editable.id, patch: { enabled: !editable.enabled } });
    const after = statSync(basePath(), { bigint: true });
    expect([after.size, after.mtimeNs, after.ino]).toEqual([base.size, base.mtimeNs, base.ino]);
    expect(journalRecords(app, connectionId)).toBe(records + 1);
  });

  it('a member edit is one journal record (the member and the re-read group counts together)', async () => {
    const members = await app.call('members:list', { connectionId });
    const member = members.find((m) => m.name !== 'admin')!;
    const base = statSync(basePath(), { bigint: true });
    const records = journalRecords(app, connectionId);
    const roles = member.roles.includes('Viewer') ? ['Deployment'] : ['Viewer'];
    await app.call('members:update', { connectionId, id: member.id, patch: { roles } });
    expect(statSync(basePath(), { bigint: true }).mtimeNs).toBe(base.mtimeNs);
    expect(journalRecords(app, connectionId)).toBe(records + 1);
    expect((await app.call('members:list', { connectionId })).find((m) => m.id === member.id)!.roles).toEqual(roles);
  });

  it('bundle edits are one journal record each: create, grant to a group, delete (taken off the group too)', async () => {
    const base = statSync(basePath(), { bigint: true });
    const records = journalRecords(app, connectionId);
    await app.call('bundles:create', { connectionId, input: { name: 'cache-check', permissions: ['log.read'] } });
    await app.call('groups:setBundles', { connectionId, name: 'admins', bundles: ['cache-check'] });
    await app.call('bundles:create', { connectionId, input: { name: 'kept', permissions: ['audit.read'] } });
    await app.call('bundles:delete', { connectionId, name: 'cache-check' });
    expect(statSync(basePath(), { bigint: true }).mtimeNs).toBe(base.mtimeNs);
    expect(journalRecords(app, connectionId)).toBe(records + 4);
    const view = (await app.call('snapshot:get', { connectionId }))!;
    expect(view.bundles.map((b) => b.name)).toEqual(['kept']);
    expect(view.groups.find((g) => g.name === 'admins')!.bundles).toEqual([]);
  });

  it('after a restart the journal is replayed over the base: the app shows every edit', async () => {
    const view = await app.call('snapshot:get', { connectionId });
    await app.core.dispose();
    app = await startApp(root.path);
    const reloaded = await app.call('snapshot:get', { connectionId });
    // All but the time of the sync that found nothing, which was kept in memory only (it wrote nothing).
    expect({ ...reloaded, asOf: null }).toEqual({ ...view, asOf: null });
    expect(reloaded!.accounts.find((a) => a.id === editable.id)!.enabled).toBe(!editable.enabled);
    expect(reloaded!.bundles.map((b) => b.name)).toEqual(['kept']);
  });

  it('the journal is sealed: no plaintext in its bytes, and a scan of its records catches a planted secret', async () => {
    const key = (await dataKeyOf(app.dataDir, app.keyring))!;
    const journal = join(cacheDirOf(app.dataDir), `${connectionId}.journal`);
    expect(readdirSync(cacheDirOf(app.dataDir))).toContain(`${connectionId}.journal`);
    const raw = readFileSync(journal, 'latin1');
    expect(raw).not.toContain(editable.name);
    expect(raw).not.toContain('"enabled"');
    // The scan reads the records decrypted: the account's name is there, and nothing secret.
    expect(findAtRest(app.dataDir, key, [editable.name])).toEqual([
      expect.stringMatching(/\.cache \(decrypted\) holds needle #0$/) as unknown,
      expect.stringMatching(/\.journal \(decrypted\) holds needle #0$/) as unknown,
    ]);
    const planted = 'tdk_sa_PLANTEDplantedPLANTEDplanted00000';
    expect(findAtRest(app.dataDir, key, [planted, adminToken])).toEqual([]);
    const restore = plantInSealedFile(journal, key, planted);
    try {
      expect(findAtRest(app.dataDir, key, [planted, adminToken])).toEqual([
        expect.stringMatching(/\.journal \(decrypted\) holds needle #0$/) as unknown,
      ]);
    } finally {
      restore();
    }
  });
});
