import { describe, expect, it } from 'vitest';
import type { Me } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { useTestServer } from '../test-server-hooks.js';
import { addGroup, addHumanWithToken, addServiceAccount, addServiceAccountToken, call, send } from '../test-support.js';
import { expectError } from '../token-test-support.js';

/**
 * What a caller may do is their effective permissions (issue 12): a person's roles plus their own and
 * their groups' bundles; a service-account token's roles plus the account's grants minus its denies.
 * `/me` answers each with its sources, and every change shows on the very next request.
 */
describe('effective permissions of the caller', () => {
  const t = useTestServer('me-permissions');
  const d = { domain: 'default' };
  const me = (token: string) => call<Me>(t.url + apiPath('getMe'), { token });
  const audit = () => t.url + apiPath('listAuditEvents', d);

  it('a person holds their own bundles and their groups’ bundles, each named as a source', async () => {
    const auditors = await addGroup(t, 'auditors');
    const ann = await addHumanWithToken(t, { name: 'ann', roles: ['Viewer'], groupIds: [auditors] });
    await send(t.url + apiPath('listBundles', d), 'POST', t.adminToken, {
      name: 'trail-readers',
      permissions: ['audit.read'],
    });
    await send(t.url + apiPath('listBundles', d), 'POST', t.adminToken, {
      name: 'MANAGE_ACCESS_TOKEN',
      permissions: ['MANAGE_ACCESS_TOKEN', 'member.read'],
    });
    await expectError(call(audit(), { token: ann.token }), 403, 'forbidden');

    const toGroup = t.url + apiPath('setGroupBundles', { ...d, name: 'auditors' });
    expect((await send(toGroup, 'PUT', t.adminToken, { bundles: ['trail-readers'] })).status).toBe(200);
    // The very next request: the grant moved the authorization version.
    expect((await call(audit(), { token: ann.token })).status).toBe(200);

    const toAnn = t.url + apiPath('setMemberBundles', { ...d, id: ann.member.id });
    expect((await send(toAnn, 'PUT', t.adminToken, { bundles: ['MANAGE_ACCESS_TOKEN'] })).status).toBe(200);
    expect((await me(ann.token)).body.permissions).toEqual([
      { permission: 'service_account.read', sources: [{ kind: 'role', name: 'Viewer' }] },
      { permission: 'access_token.manage', sources: [{ kind: 'bundle', name: 'MANAGE_ACCESS_TOKEN' }] },
      {
        permission: 'member.read',
        sources: [
          { kind: 'role', name: 'Viewer' },
          { kind: 'bundle', name: 'MANAGE_ACCESS_TOKEN' },
        ],
      },
      { permission: 'audit.read', sources: [{ kind: 'bundle', name: 'trail-readers' }] },
    ]);

    expect((await send(toGroup, 'PUT', t.adminToken, { bundles: [] })).status).toBe(200);
    await expectError(call(audit(), { token: ann.token }), 403, 'forbidden');
  });

  it('a service account takes nothing from its groups’ bundles; its grants add and its denies win, at once', async () => {
    const ops = await addGroup(t, 'ops');
    await send(t.url + apiPath('listBundles', d), 'POST', t.adminToken, {
      name: 'ops-audit',
      permissions: ['audit.read'],
    });
    await send(t.url + apiPath('setGroupBundles', { ...d, name: 'ops' }), 'PUT', t.adminToken, {
      bundles: ['ops-audit'],
    });
    const account = await addServiceAccount(t, { name: 'ops_bot', roles: ['Viewer'], groupIds: [ops] });
    const { secret } = await addServiceAccountToken(t, account, { name: 'ci', roles: ['Viewer'] });
    await expectError(call(audit(), { token: secret }), 403, 'forbidden');

    // Written straight to the row: the account is in a group the admin is not in (PATCH would be 403).
    await t.store.sql.run(`UPDATE members SET grants = '["audit.read"]', denies = '["member.read"]' WHERE id = ?`, [
      account.id,
    ]);
    expect((await call(audit(), { token: secret })).status).toBe(200);
    expect((await me(secret)).body.permissions).toEqual([
      { permission: 'service_account.read', sources: [{ kind: 'role', name: 'Viewer' }] },
      { permission: 'audit.read', sources: [{ kind: 'grant', name: 'ops_bot' }] },
    ]);
    await expectError(call(t.url + apiPath('listMembers', d), { token: secret }), 403, 'forbidden');
  });
});
