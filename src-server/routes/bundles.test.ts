import { describe, expect, it } from 'vitest';
import type { Bundle, BundleListResponse, GrantedBundles } from '../../src-shared/api/bundles.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { useTestServer } from '../test-server-hooks.js';
import { addGroup, addHumanWithToken, call, databaseFingerprint, send } from '../test-support.js';
import { expectError } from '../token-test-support.js';

/** Bundles over HTTP: Admins define them, member.manage grants them, every change audited before/after. */
describe('bundles', () => {
  const t = useTestServer('bundles');
  const d = { domain: 'default' };
  const list = () => t.url + apiPath('listBundles', d);
  const one = (name: string) => t.url + apiPath('getBundle', { ...d, name });
  const auditOf = async (action: string) =>
    (
      (await t.store.sql.value('SELECT details FROM audit_events WHERE action = ? ORDER BY id DESC LIMIT 1', [
        action,
      ])) as string
    ).valueOf();

  it('an Admin creates, reads, changes and deletes a bundle; aliases in, catalogue names out', async () => {
    const made = await send<Bundle>(list(), 'POST', t.adminToken, {
      name: 'MANAGE_ACCESS_TOKEN',
      description: 'IOMETE v2',
      permissions: ['MANAGE_ACCESS_TOKEN', 'service_account.read'],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.permissions).toEqual(['access_token.manage', 'service_account.read']);
    expect(made.body.createdBy).toBe(t.admin.name);
    expect(JSON.parse(await auditOf('bundle.create'))).toMatchObject({
      before: null,
      after: { name: 'MANAGE_ACCESS_TOKEN', permissions: ['access_token.manage', 'service_account.read'] },
    });

    await expectError(
      send(list(), 'POST', t.adminToken, { name: 'MANAGE_ACCESS_TOKEN', permissions: ['audit.read'] }),
      409,
      'name_taken',
    );
    expect((await call<Bundle>(one('MANAGE_ACCESS_TOKEN'), { token: t.adminToken })).body.description).toBe(
      'IOMETE v2',
    );

    const changed = await send<Bundle>(one('MANAGE_ACCESS_TOKEN'), 'PATCH', t.adminToken, {
      permissions: ['access_token.manage'],
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.permissions).toEqual(['access_token.manage']);
    expect(JSON.parse(await auditOf('bundle.update'))).toMatchObject({
      before: { permissions: ['access_token.manage', 'service_account.read'] },
      after: { permissions: ['access_token.manage'] },
    });

    const listed = await call<BundleListResponse>(list(), { token: t.adminToken });
    expect(listed.body.items.map((b) => b.name)).toEqual(['MANAGE_ACCESS_TOKEN']);

    expect((await send(one('MANAGE_ACCESS_TOKEN'), 'DELETE', t.adminToken)).status).toBe(204);
    expect(JSON.parse(await auditOf('bundle.delete'))).toMatchObject({ after: null });
    await expectError(call(one('MANAGE_ACCESS_TOKEN'), { token: t.adminToken }), 404, 'not_found');
  });

  it('reading needs member.read; defining needs the Admin role; a refusal writes nothing', async () => {
    const viewer = await addHumanWithToken(t, { name: 'vera', roles: ['Viewer'] });
    const nobody = await addHumanWithToken(t, { name: 'noel', roles: [] });
    const power = await addHumanWithToken(t, { name: 'pat', roles: ['Power User'] });
    expect((await call(list(), { token: viewer.token })).status).toBe(200);
    await expectError(call(list(), { token: nobody.token }), 403, 'forbidden');
    // Used once first, so its first-use bookkeeping is not taken for a write of the refused call.
    expect((await call(list(), { token: power.token })).status).toBe(200);
    const before = await databaseFingerprint(t.store);
    await expectError(
      send(list(), 'POST', power.token, { name: 'ops', permissions: ['audit.read'] }),
      403,
      'forbidden',
    );
    expect(await databaseFingerprint(t.store)).toEqual(before);
  });

  it('member.manage grants bundles to a person and to a group, audited; unknown names are 422 and write nothing', async () => {
    await send(list(), 'POST', t.adminToken, { name: 'readers', permissions: ['member.read', 'audit.read'] });
    const ann = await addHumanWithToken(t, { name: 'ann', roles: [] });
    const memberBundles = t.url + apiPath('setMemberBundles', { ...d, id: ann.member.id });
    const granted = await send<GrantedBundles>(memberBundles, 'PUT', t.adminToken, { bundles: ['readers'] });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    expect(granted.body).toEqual({ bundles: ['readers'] });
    expect(JSON.parse(await auditOf('bundle_grant.member'))).toMatchObject({
      before: { bundles: [] },
      after: { bundles: ['readers'] },
    });

    await addGroup(t, 'auditors');
    const groupBundles = t.url + apiPath('setGroupBundles', { ...d, name: 'auditors' });
    expect((await send<GrantedBundles>(groupBundles, 'PUT', t.adminToken, { bundles: ['readers'] })).body).toEqual({
      bundles: ['readers'],
    });

    const before = await databaseFingerprint(t.store);
    await expectError(send(groupBundles, 'PUT', t.adminToken, { bundles: ['nope'] }), 422, 'unprocessable');
    expect(await databaseFingerprint(t.store)).toEqual(before);

    expect((await send<GrantedBundles>(memberBundles, 'PUT', t.adminToken, { bundles: [] })).body).toEqual({
      bundles: [],
    });
  });
});
