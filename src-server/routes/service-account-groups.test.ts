import { beforeAll, describe, expect, it } from 'vitest';
import type { ServiceAccount } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { addGroup, addHumanWithToken, addServiceAccount, databaseFingerprint, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError } from '../token-test-support.js';

/**
 * Putting a service account into a group the caller is not in needs member.manage, since the
 * account's tokens would carry the caller into that group (the same-group rule: one shared group is
 * enough). Keeping or removing groups is not putting into.
 */
describe('group moves of service accounts', () => {
  const t = useTestServer('sa-groups');
  let teamA: string;
  let pu: string;
  const accounts = () => t.url + apiPath('listServiceAccounts', { domain: 'default' });
  const account = (id: string) => t.url + apiPath('getServiceAccount', { domain: 'default', id });

  beforeAll(async () => {
    teamA = await addGroup(t, 'team-a');
    await addGroup(t, 'team-b');
    pu = (await addHumanWithToken(t, { name: 'pat.power', roles: ['Power User'], groupIds: [teamA] })).token;
    // First use records "last used"; do it now so a refused request leaves the database as it was.
    expect((await send(t.url + apiPath('getMe'), 'GET', pu)).status).toBe(200);
  });

  it('refuses a Power User creating an account in a group they are not in, and writes nothing', async () => {
    const before = await databaseFingerprint(t.store);
    const refused = await expectError(
      send(accounts(), 'POST', pu, { name: 'proxy_bot', roles: ['Viewer'], groups: ['team-a', 'admins'] }),
      403,
      'group_not_yours',
    );
    expect(refused.error.message).toBe(
      'You can only put a service account into your own groups, and you are not in admins. Other groups need member.manage.',
    );
    await expectError(
      send(accounts(), 'POST', pu, { name: 'proxy_bot', roles: ['Viewer'], groups: ['admins', 'team-b'] }),
      403,
      'group_not_yours',
    );
    expect(await databaseFingerprint(t.store)).toEqual(before);
    // Their own groups, named or left to the default, are fine.
    expect(
      (await send(accounts(), 'POST', pu, { name: 'own_bot', roles: ['Viewer'], groups: ['team-a'] })).status,
    ).toBe(201);
    const defaulted = await send<ServiceAccount>(accounts(), 'POST', pu, { name: 'default_bot', roles: ['Viewer'] });
    expect(defaulted.body.groups).toEqual(['team-a']);
  });

  it('refuses a PATCH that adds a foreign group, and writes nothing', async () => {
    const target = await addServiceAccount(t, { name: 'patch_me', groupIds: [teamA] });
    const before = await databaseFingerprint(t.store);
    await expectError(
      send(account(target.id), 'PATCH', pu, { groups: ['team-a', 'admins'], description: 'wider' }),
      403,
      'group_not_yours',
    );
    expect(await databaseFingerprint(t.store)).toEqual(before);
  });

  it('lets a Power User keep or remove a foreign group an Admin gave the account', async () => {
    const both = await addServiceAccount(t, { name: 'two_groups', groupIds: [teamA, t.adminsGroupId] });
    const kept = await send<ServiceAccount>(account(both.id), 'PATCH', pu, {
      groups: ['admins', 'team-a'],
      description: 'still in both',
    });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body.groups).toEqual(['admins', 'team-a']);
    const removed = await send<ServiceAccount>(account(both.id), 'PATCH', pu, { groups: ['team-a'] });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body.groups).toEqual(['team-a']);
    // …but not put it back.
    await expectError(send(account(both.id), 'PATCH', pu, { groups: ['team-a', 'admins'] }), 403, 'group_not_yours');
  });

  it('lets an Admin (member.manage) put an account into any group, and then both groups act through it', async () => {
    const made = await send<ServiceAccount>(accounts(), 'POST', t.adminToken, {
      name: 'shared_bot',
      roles: ['Viewer'],
      groups: ['admins', 'team-b'],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const moved = await send<ServiceAccount>(account(made.body.id), 'PATCH', t.adminToken, {
      groups: ['admins', 'team-a', 'team-b'],
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // The same-group rule stays: one shared group is enough for the Power User to manage its tokens.
    await createToken(t, made.body.id, { name: 'from_team_a', expiresAt: null }, { token: pu });
  });
});
