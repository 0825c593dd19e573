import { describe, expect, it } from 'vitest';
import type { CreatedMember, Group, Member } from '../../src-shared/api/directory.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { addGroup, addHumanWithToken, addServiceAccount, call, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { expectError } from '../token-test-support.js';

describe('members and groups', () => {
  const t = useTestServer('members-groups');
  const members = () => t.url + apiPath('listMembers', { domain: 'default' });

  it('adding a Deployment member to the account’s group lets them manage its tokens; removing them stops it', async () => {
    const pipelines = await addGroup(t, 'pipelines');
    const account = await addServiceAccount(t, { name: 'deploy_bot', groupIds: [pipelines] });
    const made = await send<CreatedMember>(members(), 'POST', t.adminToken, { name: 'devin', roles: ['Deployment'] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const devin = made.body.secret;
    const tokens = t.url + apiPath('createServiceAccountToken', { domain: 'default', id: account.id });
    await expectError(call(tokens, { token: devin }), 403, 'not_same_group');

    const memberUrl = t.url + apiPath('updateMember', { domain: 'default', id: made.body.member.id });
    const joined = await send<Member>(memberUrl, 'PATCH', t.adminToken, { groups: ['pipelines'] });
    expect(joined.body.groups).toEqual(['pipelines']);
    expect((await call(tokens, { token: devin })).status).toBe(200);
    const created = await send(tokens, 'POST', devin, { name: 'ship-it', expiresAt: null });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    expect((await send<Member>(memberUrl, 'PATCH', t.adminToken, { groups: [] })).body.groups).toEqual([]);
    await expectError(call(tokens, { token: devin }), 403, 'not_same_group');
  });

  it('nobody grants roles beyond their own, and nobody disables or deletes themselves', async () => {
    const group = await addGroup(t, 'people_ops');
    const pu = await addHumanWithToken(t, { name: 'polly', roles: ['Power User'], groupIds: [group] });
    // A Power User lacks member.manage altogether.
    await expectError(send(members(), 'POST', pu.token, { name: 'x_person' }), 403, 'forbidden');
    await expectError(send(members(), 'POST', t.adminToken, { name: 'ghost', groups: ['nope'] }), 422, 'unprocessable');
    await expectError(send(members(), 'POST', t.adminToken, { name: 'polly' }), 409, 'name_taken');
    const self = t.url + apiPath('updateMember', { domain: 'default', id: t.admin.id });
    await expectError(send(self, 'PATCH', t.adminToken, { enabled: false }), 422, 'unprocessable');
    await expectError(send(self, 'DELETE', t.adminToken), 422, 'unprocessable');
    await expectError(
      send(t.url + apiPath('deleteMember', { domain: 'default', id: 'usr_none' }), 'DELETE', t.adminToken),
      404,
      'not_found',
    );
  });

  it('a role change takes effect at once: an Admin demoted to Viewer can no longer change roles', async () => {
    // With the built-in roles only Admin holds member.manage and it holds every permission, so
    // canGrantRoles cannot refuse over HTTP today; its own unit tests cover the refusal.
    const made = await send<CreatedMember>(members(), 'POST', t.adminToken, { name: 'adam', roles: ['Admin'] });
    const adam = made.body.secret;
    const target = await send<CreatedMember>(members(), 'POST', adam, { name: 'target_t', roles: ['Viewer'] });
    expect(target.status).toBe(201);
    const adamUrl = t.url + apiPath('updateMember', { domain: 'default', id: made.body.member.id });
    expect((await send<Member>(adamUrl, 'PATCH', t.adminToken, { roles: ['Viewer'] })).body.roles).toEqual(['Viewer']);
    // Now a Viewer: no member.manage, so 403 before any grant.
    const targetUrl = t.url + apiPath('updateMember', { domain: 'default', id: target.body.member.id });
    await expectError(send(targetUrl, 'PATCH', adam, { roles: ['Admin'] }), 403, 'forbidden');
  });

  it('creates, describes and deletes groups, audited; deleting a group drops the same-group access', async () => {
    const groups = t.url + apiPath('listGroups', { domain: 'default' });
    const made = await send<Group>(groups, 'POST', t.adminToken, { name: 'short_lived', description: 'temp' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ name: 'short_lived', memberCount: 0, serviceAccountCount: 0 });
    await expectError(send(groups, 'POST', t.adminToken, { name: 'short_lived' }), 409, 'name_taken');
    const url = t.url + apiPath('updateGroup', { domain: 'default', name: 'short_lived' });
    expect((await send<Group>(url, 'PATCH', t.adminToken, { description: 'still temp' })).body.description).toBe(
      'still temp',
    );
    const account = await addServiceAccount(t, { name: 'temp_bot', groupIds: [made.body.id] });
    const person = await send<CreatedMember>(members(), 'POST', t.adminToken, {
      name: 'tina',
      roles: ['Deployment'],
      groups: ['short_lived'],
    });
    const tokens = t.url + apiPath('createServiceAccountToken', { domain: 'default', id: account.id });
    expect((await call(tokens, { token: person.body.secret })).status).toBe(200);
    const seqBefore = (await t.store.members.get(account.id))!.seq;
    expect((await send(url, 'DELETE', t.adminToken)).status).toBe(204);
    await expectError(call(tokens, { token: person.body.secret }), 403, 'not_same_group');
    expect((await t.store.members.get(account.id))!.seq).toBeGreaterThan(seqBefore);
    await expectError(send(url, 'DELETE', t.adminToken), 404, 'not_found');
    const actions = await t.store.sql.column('SELECT action FROM audit_events ORDER BY id');
    expect(actions).toEqual(
      expect.arrayContaining(['group.create', 'group.update', 'group.delete', 'member.create', 'member.update']),
    );
    const details = (await t.store.sql.column('SELECT details FROM audit_events')).join('\n');
    expect(details).not.toContain(person.body.secret);
  });
});
