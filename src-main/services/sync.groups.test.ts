import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toSnapshotView } from './snapshot.js';
import { makeAccount, testGroups } from './test-support/fixtures.js';
import { startFakeApi, type FakeApi } from './test-support/fake-api.js';
import { makeSyncRig } from './test-support/sync-rig.js';
import { tempDir } from './test-support/temp-dir.js';

describe('SyncService: the domain’s groups', () => {
  let root: { path: string; cleanup: () => void };
  let api: FakeApi;
  let rigs: Awaited<ReturnType<typeof makeSyncRig>>[];

  const rig = async () => {
    const made = await makeSyncRig(root.path);
    rigs.push(made);
    return made;
  };
  const connect = async (r: Awaited<ReturnType<typeof makeSyncRig>>) =>
    (
      await r.connections.add({
        name: 'Fake',
        url: api.url,
        domain: 'default',
        token: api.token,
      })
    ).id;

  beforeEach(async () => {
    root = tempDir('sync-groups');
    api = await startFakeApi();
    for (let i = 0; i < 3; i++) api.upsert(makeAccount(i, 1));
    rigs = [];
  });
  afterEach(async () => {
    for (const r of rigs) await r.close();
    await api.close();
    root.cleanup();
  });

  it('a full sync stores them, snapshot:get shows them, and they are on disk', async () => {
    const r = await rig();
    const id = await connect(r);
    await r.sync.run(id);
    expect(api.log).toContain('GET /api/v1/domains/default/groups');
    expect(r.sync.snapshot(id)!.groups).toEqual(testGroups);
    expect(toSnapshotView(r.sync.snapshot(id)!).groups).toEqual(testGroups);
    expect((await rig()).sync.snapshot(id)!.groups).toEqual(testGroups);
  });

  it('an incremental sync brings them up to date too', async () => {
    const r = await rig();
    const id = await connect(r);
    await r.sync.run(id);
    api.groups = [
      ...testGroups,
      { id: 'g_new', name: 'new-team', description: '', memberCount: 2, serviceAccountCount: 0 },
    ];
    const mark = api.log.length;
    await r.sync.run(id);
    expect(api.log.slice(mark).some((line) => line.includes('changesSince='))).toBe(true);
    expect(r.sync.snapshot(id)!.groups.map((g) => g.name)).toEqual(['admins', 'data-team', 'new-team']);
  });

  it('403 (no member.read) is an empty list, not a failed sync', async () => {
    api.groups = null;
    const r = await rig();
    const id = await connect(r);
    expect(await r.sync.run(id)).toMatchObject({ phase: 'idle', error: null });
    expect(r.sync.snapshot(id)!.groups).toEqual([]);
    expect(r.sync.snapshot(id)!.accounts).toHaveLength(3);
  });

  it('404 (a server older than the endpoint) is an empty list too', async () => {
    api.failNext(1, 404, { match: /\/groups$/, body: { error: { code: 'not_found', message: 'No such route.' } } });
    const r = await rig();
    const id = await connect(r);
    expect(await r.sync.run(id)).toMatchObject({ phase: 'idle', error: null });
    expect(r.sync.snapshot(id)!.groups).toEqual([]);
  });

  it('any other failure there fails the sync and keeps the cached snapshot', async () => {
    const r = await rig();
    const id = await connect(r);
    await r.sync.run(id);
    const before = r.sync.snapshot(id);
    api.failNext(1, 500, { match: /\/groups$/, body: { error: { code: 'internal', message: 'Groups broke.' } } });
    expect(await r.sync.run(id)).toMatchObject({
      phase: 'error',
      error: { code: 'internal', message: 'Groups broke.' },
    });
    expect(r.sync.snapshot(id)).toBe(before);
  });
});
