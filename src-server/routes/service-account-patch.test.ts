import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceAccount } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { NAME_IMMUTABLE_MESSAGE } from '../../src-shared/api/service-accounts.js';
import { SAME_GROUP_CHANGE_MESSAGE } from '../../src-shared/authz.js';
import { ErrorBody } from '../../src-shared/errors.js';
import type { MemberRow } from '../store/members.js';
import { addGroup, addHumanWithToken, addServiceAccount, databaseFingerprint, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

type Answer = ServiceAccount & ErrorBody;

describe('PATCH /domains/{domain}/service-accounts/{id}', () => {
  const t = useTestServer('sa-patch');
  let teamA: string;
  let account: MemberRow;
  let counter = 0;
  const patch = (body: unknown, id = account.id, token = t.adminToken) =>
    send<Answer>(t.url + apiPath('updateServiceAccount', { domain: 'default', id }), 'PATCH', token, body);

  async function refused(body: unknown, status: number, code: string, id = account.id, token = t.adminToken) {
    const before = await databaseFingerprint(t.store);
    const reply = await patch(body, id, token);
    expect([reply.status, reply.body.error?.code], JSON.stringify(reply.body)).toEqual([status, code]);
    expect(ErrorBody.strict().safeParse(reply.body).success).toBe(true);
    expect(await databaseFingerprint(t.store)).toEqual(before);
    return reply.body.error;
  }

  beforeAll(async () => {
    teamA = await addGroup(t, 'team-a');
    await addGroup(t, 'team-b');
  });
  beforeEach(async () => {
    account = await addServiceAccount(t, {
      name: `patched_${counter++}`,
      description: 'Before',
      roles: ['Viewer'],
      groupIds: [t.adminsGroupId],
    });
  });

  it('changes each field, records who and when, bumps seq and audits before and after', async () => {
    const editor = await addHumanWithToken(t, {
      name: 'editor',
      roles: ['Power User'],
      groupIds: [t.adminsGroupId, teamA],
    });
    t.clock.advance(5000);
    const seqBefore = await t.store.domains.currentSeq(t.domain.id);
    const reply = await patch(
      {
        description: 'After',
        roles: ['Viewer', 'Deployment'],
        groups: ['team-a'],
        enabled: false,
        basicAuthEnabled: true,
      },
      account.id,
      editor.token,
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const now = new Date(t.clock.now()).toISOString();
    expect(ServiceAccount.strict().parse(reply.body)).toEqual({
      id: account.id,
      name: account.name,
      description: 'After',
      roles: ['Deployment', 'Viewer'],
      grants: [],
      denies: [],
      groups: ['team-a'],
      enabled: false,
      basicAuthEnabled: true,
      createdAt: account.created_at,
      createdBy: 'admin',
      updatedAt: now,
      updatedBy: 'editor',
      tokenCount: 0,
      nextExpiry: null,
    });
    expect((await t.store.members.get(account.id))?.seq).toBe(seqBefore + 1);
    const [event] = await t.store.audit.list(t.domain.id, 1);
    expect(event).toMatchObject({
      actor: 'editor',
      action: 'service_account.update',
      resourceType: 'service_account',
      resourceId: account.id,
      resourceName: account.name,
      at: now,
      before: {
        id: account.id,
        name: account.name,
        description: 'Before',
        roles: ['Viewer'],
        groups: ['admins'],
        enabled: true,
        basicAuthEnabled: false,
      },
      after: {
        id: account.id,
        name: account.name,
        description: 'After',
        roles: ['Deployment', 'Viewer'],
        groups: ['team-a'],
        enabled: false,
        basicAuthEnabled: true,
      },
    });
  });

  it('leaves fields it does not name alone; enable/disable is a patch with its own audit row', async () => {
    const off = await patch({ enabled: false });
    expect(off.body).toMatchObject({ enabled: false, description: 'Before', roles: ['Viewer'], groups: ['admins'] });
    const on = await patch({ enabled: true });
    expect(on.body.enabled).toBe(true);
    const [latest, previous] = await t.store.audit.list(t.domain.id, 2);
    expect([previous!.action, previous!.before!.enabled, previous!.after!.enabled]).toEqual([
      'service_account.update',
      true,
      false,
    ]);
    expect([latest!.action, latest!.before!.enabled, latest!.after!.enabled]).toEqual([
      'service_account.update',
      false,
      true,
    ]);
  });

  it('400 name_immutable for any body with a name, even the same one', async () => {
    for (const body of [{ name: account.name }, { name: 'renamed' }, { name: null, description: 'x' }]) {
      const error = await refused(body, 400, 'name_immutable');
      expect(error.message).toBe(NAME_IMMUTABLE_MESSAGE);
    }
  });

  it('400 unknown_fields listing every field it does not take: no mass assignment', async () => {
    const error = await refused(
      { description: 'ok', createdBy: 'mallory', id: 'sa_other', tokenCount: 9 },
      400,
      'unknown_fields',
    );
    expect(error.message).toMatch(/createdBy, id, tokenCount/);
    expect(error.message).toMatch(/It takes: description, roles, grants, denies, groups, enabled, basicAuthEnabled\./);
    expect((error.details as { path: string }[]).map((d) => d.path)).toEqual(['createdBy', 'id', 'tokenCount']);
  });

  it('400 for an empty body, wrong types; 422 for no role and no grant; invalid_json and 415 as for create', async () => {
    expect((await refused({}, 400, 'validation_failed')).message).toMatch(/changes nothing/);
    expect((await refused({ roles: [] }, 422, 'unprocessable')).message).toBe(
      'A service account needs at least one role or one granted permission.',
    );
    await refused({ enabled: 'false' }, 400, 'validation_failed');
    await refused({ description: 'd'.repeat(1001) }, 400, 'validation_failed');
    await refused({ groups: 'admins' }, 400, 'validation_failed');
    await refused('{"description":', 400, 'invalid_json');
    const noBody = await send<ErrorBody>(
      t.url + apiPath('updateServiceAccount', { domain: 'default', id: account.id }),
      'PATCH',
      t.adminToken,
    );
    expect([noBody.status, noBody.body.error.code]).toEqual([400, 'validation_failed']);
  });

  it('422 for an unknown group, or groups that would leave the caller out', async () => {
    expect((await refused({ groups: ['admins', 'ghosts'] }, 422, 'unprocessable')).message).toMatch(/"ghosts"/);
    const lockout = await refused({ groups: ['team-b'] }, 422, 'unprocessable');
    expect(lockout.message).toMatch(/^You would no longer be able to manage this service account/);
    await refused({ groups: [] }, 422, 'unprocessable');
  });

  it('403 not_same_group with the shared message, 403 forbidden without the permission, 404 unknown id', async () => {
    const outsider = await addHumanWithToken(t, { name: 'outsider', roles: ['Admin'], groupIds: [teamA] });
    await send(t.url + apiPath('getMe'), 'GET', outsider.token);
    const error = await refused({ description: 'x' }, 403, 'not_same_group', account.id, outsider.token);
    expect(error.message).toBe(SAME_GROUP_CHANGE_MESSAGE);
    // The same-group check comes before the body is read: a bad body from an outsider is still 403.
    await refused({ name: 'x', bogus: 1 }, 403, 'not_same_group', account.id, outsider.token);
    const viewer = await addHumanWithToken(t, { name: 'viewer.patch', roles: ['Viewer'], groupIds: [t.adminsGroupId] });
    await send(t.url + apiPath('getMe'), 'GET', viewer.token);
    const denied = await refused({ description: 'x' }, 403, 'forbidden', account.id, viewer.token);
    expect(denied.message).toMatch(/service_account\.manage/);
    await refused({ description: 'x' }, 403, 'forbidden', 'sa_nothing', viewer.token);
    expect((await refused({ description: 'x' }, 404, 'not_found', 'sa_nothing')).message).toMatch(/sa_nothing/);
    await refused({ description: 'x' }, 404, 'not_found', t.admin.id); // a person is not a service account
  });
});
