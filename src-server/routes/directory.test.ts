import { beforeAll, describe, expect, it } from 'vitest';
import { GroupListResponse, MemberListResponse } from '../../src-shared/api/directory.js';
import { apiPath } from '../../src-shared/api/paths.js';
import type { ErrorBody } from '../../src-shared/errors.js';
import { addGroup, addHumanWithToken, addServiceAccount, call } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

describe('GET /domains/{domain}/groups and /members', () => {
  const t = useTestServer('directory');
  beforeAll(async () => {
    const teamA = await addGroup(t, 'team-a');
    await addGroup(t, 'empty-group');
    await addHumanWithToken(t, { name: 'zoe', roles: ['Viewer', 'Deployment'], groupIds: [teamA, t.adminsGroupId] });
    await addServiceAccount(t, { name: 'bot_one', groupIds: [teamA] });
    await addServiceAccount(t, { name: 'bot_two', groupIds: [teamA, t.adminsGroupId] });
  });

  it('lists groups by name with counts of people and of service accounts', async () => {
    const reply = await call(t.url + apiPath('listGroups', { domain: 'default' }), { token: t.adminToken });
    expect(reply.status).toBe(200);
    const groups = GroupListResponse.parse(reply.body).items;
    expect(groups.map((g) => [g.name, g.memberCount, g.serviceAccountCount])).toEqual([
      ['admins', 2, 1],
      ['empty-group', 0, 0],
      ['team-a', 1, 2],
    ]);
    expect(groups[0]).toEqual({
      id: t.adminsGroupId,
      name: 'admins',
      description: 'Administrators of this server.',
      memberCount: 2,
      serviceAccountCount: 1,
      bundles: [],
    });
  });

  it('lists people only, with roles in table order, groups by name, enabled and creation time', async () => {
    const reply = await call(t.url + apiPath('listMembers', { domain: 'default' }), { token: t.adminToken });
    const members = MemberListResponse.parse(reply.body).items;
    expect(members.map((m) => m.name)).toEqual(['admin', 'zoe']);
    expect(members[1]).toEqual({
      id: expect.stringMatching(/^usr_/) as string,
      name: 'zoe',
      type: 'HUMAN',
      roles: ['Deployment', 'Viewer'],
      groups: ['admins', 'team-a'],
      bundles: [],
      enabled: true,
      createdAt: new Date(t.clock.now()).toISOString(),
    });
  });

  it('needs member.read, and the caller’s own domain', async () => {
    const nobody = await addHumanWithToken(t, { name: 'nobody', roles: [] });
    for (const path of [apiPath('listGroups', { domain: 'default' }), apiPath('listMembers', { domain: 'default' })]) {
      const denied = await call<ErrorBody>(t.url + path, { token: nobody.token });
      expect([denied.status, denied.body.error.code]).toEqual([403, 'forbidden']);
      expect(denied.body.error.message).toMatch(/member\.read/);
    }
    const unknown = await call<ErrorBody>(t.url + apiPath('listGroups', { domain: 'nowhere' }), {
      token: t.adminToken,
    });
    expect(unknown.status).toBe(404);
    const anonymous = await call<ErrorBody>(t.url + apiPath('listMembers', { domain: 'default' }));
    expect(anonymous.status).toBe(401);
  });
});
