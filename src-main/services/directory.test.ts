import { beforeEach, describe, expect, it } from 'vitest';
import { toSnapshotView } from './snapshot.js';
import { makeAccount, testMembers } from './test-support/fixtures.js';
import { useRigEnv, type SyncRig } from './test-support/sync-rig.js';
import { failure } from './test-support/failure.js';
import { findAtRest, readableFiles } from './test-support/secrets-at-rest.js';

/** Members and groups over the real client, sync and encrypted cache, against the scripted server. */
describe('DirectoryService and the members in the snapshot', () => {
  const env = useRigEnv('directory', (api) => {
    for (let i = 0; i < 2; i++) api.upsert(makeAccount(i, 1));
  });
  let r: SyncRig;
  let id: string;

  const rig = () => env.rig();

  beforeEach(async () => {
    r = await rig();
    id = await env.connect(r);
    expect(await r.sync.run(id)).toMatchObject({ phase: 'idle' });
  });

  it('sync stores the members, in the view and on disk (read back by a new process)', async () => {
    expect(env.api.log).toContain('GET /api/v1/domains/default/members');
    expect(r.directory.members(id)).toEqual(testMembers);
    expect(toSnapshotView(r.sync.snapshot(id)!).members).toEqual(testMembers);
    expect((await rig()).directory.members(id)).toEqual(testMembers);
  });

  it('a caller without member.read (403) syncs with no members; so does a server without the route (404)', async () => {
    env.api.members = null;
    expect(await r.sync.run(id, { full: true })).toMatchObject({ phase: 'idle' });
    expect(r.directory.members(id)).toEqual([]);
    env.api.members = structuredClone(testMembers);
    env.api.failNext(1, 404, { match: /\/members$/, body: { error: { code: 'not_found', message: 'No route.' } } });
    expect(await r.sync.run(id)).toMatchObject({ phase: 'idle' });
    expect(r.directory.members(id)).toEqual([]);
  });

  it('another failure of the members list fails the sync', async () => {
    env.api.failNext(1, 500, { match: /\/members$/ });
    expect(await r.sync.run(id)).toMatchObject({ phase: 'error' });
    expect(r.directory.members(id)).toEqual(testMembers);
  });

  it('creates a member: the secret is in the answer only, the member in the cache (on disk, encrypted)', async () => {
    const created = await r.directory.createMember(id, { name: 'carol', roles: ['Viewer'], groups: [] });
    expect(created.secret).toMatch(/^tdk_pt_/);
    expect(created.member).toMatchObject({ name: 'carol', roles: ['Viewer'] });
    expect(r.directory.members(id).map((m) => m.name)).toEqual(['admin', 'carol']);
    expect((await rig()).directory.members(id).map((m) => m.name)).toEqual(['admin', 'carol']);
    expect(findAtRest(r.dataDir, r.key, [created.secret])).toEqual([]);
    // The members are on disk, but only sealed.
    const files = readableFiles(r.dataDir, r.key);
    expect(files.filter((f) => f.decrypted && f.text.includes('carol'))).toHaveLength(1);
    expect(files.filter((f) => !f.decrypted && f.text.includes('carol'))).toEqual([]);
  });

  it('a refused create changes nothing and is not retried', async () => {
    const error = await failure(r.directory.createMember(id, { name: 'admin', roles: [], groups: [] }));
    expect(error).toMatchObject({ code: 'name_taken', status: 409 });
    expect(env.api.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
    expect(r.directory.members(id)).toEqual(testMembers);
  });

  it('a create whose answer is lost is not sent again', async () => {
    env.api.dropNext(/^POST .*\/members$/);
    const error = await failure(r.directory.createMember(id, { name: 'dave', roles: [], groups: [] }));
    expect(error.code).toBe('network_unreachable');
    expect(env.api.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
  });

  it('updates and deletes a member, and the cached list follows', async () => {
    const { member } = await r.directory.createMember(id, { name: 'erin', roles: [], groups: [] });
    const updated = await r.directory.updateMember(id, member.id, { enabled: false, roles: ['Viewer'] });
    expect(updated).toMatchObject({ enabled: false, roles: ['Viewer'] });
    expect(r.directory.members(id).find((m) => m.id === member.id)).toEqual(updated);
    await r.directory.removeMember(id, member.id);
    expect(r.directory.members(id).map((m) => m.name)).toEqual(['admin']);
    expect((await rig()).directory.members(id).map((m) => m.name)).toEqual(['admin']);
    expect(await failure(r.directory.removeMember(id, member.id))).toMatchObject({ code: 'not_found' });
  });

  it('creates, updates and deletes a group, and the cached groups follow (name order)', async () => {
    const group = await r.directory.createGroup(id, { name: 'b-team', description: 'Second' });
    expect(group).toMatchObject({ name: 'b-team', memberCount: 0 });
    expect(r.sync.snapshot(id)!.groups.map((g) => g.name)).toEqual(['admins', 'b-team', 'data-team']);
    const changed = await r.directory.updateGroup(id, 'b-team', { description: 'Changed' });
    expect(r.sync.snapshot(id)!.groups.find((g) => g.name === 'b-team')).toEqual(changed);
    expect(changed.description).toBe('Changed');
    await r.directory.removeGroup(id, 'b-team');
    expect(r.sync.snapshot(id)!.groups.map((g) => g.name)).toEqual(['admins', 'data-team']);
    expect((await rig()).sync.snapshot(id)!.groups.map((g) => g.name)).toEqual(['admins', 'data-team']);
  });

  it('a PATCH whose answer is lost is not sent again', async () => {
    env.api.dropNext(/^PATCH /);
    await failure(r.directory.updateGroup(id, 'admins', { description: 'x' }));
    expect(env.api.requests.filter((q) => q.method === 'PATCH')).toHaveLength(1);
  });

  it('an edit made while a sync runs survives that sync', async () => {
    const release = env.api.holdAnswers(/\/service-accounts\?/);
    const running = r.sync.run(id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The sync already read the members; the create happens after.
    env.api.members!.push({ ...testMembers[0]!, id: 'm_zed', name: 'zed' });
    r.sync.edit(id, { kind: 'member-put', member: { ...testMembers[0]!, id: 'm_zed', name: 'zed' } });
    release();
    await running;
    expect(r.directory.members(id).map((m) => m.name)).toEqual(['admin', 'zed']);
  });
});
