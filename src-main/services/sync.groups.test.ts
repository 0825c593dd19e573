import { describe, expect, it } from 'vitest';
import { toSnapshotView } from './snapshot.js';
import { makeAccount, testGroups } from './test-support/fixtures.js';
import { useRigEnv, type SyncRig } from './test-support/sync-rig.js';

describe('SyncService: the domain’s groups', () => {
  const env = useRigEnv('sync-groups', (api) => {
    for (let i = 0; i < 3; i++) api.upsert(makeAccount(i, 1));
  });
  const rig = () => env.rig();
  const connect = (r: SyncRig) => env.connect(r);

  it('a full sync stores them, snapshot:get shows them, and they are on disk', async () => {
    const r = await rig();
    const id = await connect(r);
    await r.sync.run(id);
    expect(env.api.log).toContain('GET /api/v1/domains/default/groups');
    expect(r.sync.snapshot(id)!.groups).toEqual(testGroups);
    expect(toSnapshotView(r.sync.snapshot(id)!).groups).toEqual(testGroups);
    expect((await rig()).sync.snapshot(id)!.groups).toEqual(testGroups);
  });

  it('an incremental sync brings them up to date too', async () => {
    const r = await rig();
    const id = await connect(r);
    await r.sync.run(id);
    env.api.groups = [
      ...testGroups,
      { id: 'g_new', name: 'new-team', description: '', memberCount: 2, serviceAccountCount: 0, bundles: [] },
    ];
    const mark = env.api.log.length;
    await r.sync.run(id);
    expect(env.api.log.slice(mark).some((line) => line.includes('changesSince='))).toBe(true);
    expect(r.sync.snapshot(id)!.groups.map((g) => g.name)).toEqual(['admins', 'data-team', 'new-team']);
  });

  it('403 (no member.read) is an empty list, not a failed sync', async () => {
    env.api.groups = null;
    const r = await rig();
    const id = await connect(r);
    expect(await r.sync.run(id)).toMatchObject({ phase: 'idle', error: null });
    expect(r.sync.snapshot(id)!.groups).toEqual([]);
    expect(r.sync.snapshot(id)!.accounts).toHaveLength(3);
  });

  it('404 (a server older than the endpoint) is an empty list too', async () => {
    env.api.failNext(1, 404, { match: /\/groups$/, body: { error: { code: 'not_found', message: 'No such route.' } } });
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
    env.api.failNext(1, 500, { match: /\/groups$/, body: { error: { code: 'internal', message: 'Groups broke.' } } });
    expect(await r.sync.run(id)).toMatchObject({
      phase: 'error',
      error: { code: 'internal', message: 'Groups broke.' },
    });
    expect(r.sync.snapshot(id)).toBe(before);
  });
});
