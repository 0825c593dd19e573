import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceAccount } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { ErrorBody } from '../../src-shared/errors.js';
import { addGroup, addHumanWithToken, addServiceAccount, databaseFingerprint, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

type Answer = ServiceAccount & ErrorBody;

describe('POST /domains/{domain}/service-accounts', () => {
  const t = useTestServer('sa-create');
  let teamA: string;
  const create = (body: unknown, token = t.adminToken) =>
    send<Answer>(t.url + apiPath('createServiceAccount', { domain: 'default' }), 'POST', token, body);

  /** A refusal: status, code, the error shape, and nothing written. */
  async function refused(body: unknown, status: number, code: string, token = t.adminToken) {
    const before = await databaseFingerprint(t.store);
    const reply = await create(body, token);
    expect([reply.status, reply.body.error?.code], JSON.stringify(reply.body)).toEqual([status, code]);
    expect(ErrorBody.strict().safeParse(reply.body).success).toBe(true);
    expect(await databaseFingerprint(t.store)).toEqual(before);
    return reply.body.error;
  }

  /** A token's first use records "last used"; use it once so a refusal's database check sees only the refusal. */
  const warm = async (token: string) => expect((await send(t.url + apiPath('getMe'), 'GET', token)).status).toBe(200);

  beforeAll(async () => {
    teamA = await addGroup(t, 'team-a');
    await addGroup(t, 'team-b');
  });

  it('201 with the full account, a Location, an audit row and a change sync sees', async () => {
    const seqBefore = await t.store.domains.currentSeq(t.domain.id);
    const reply = await create({
      name: 'ci_deployer',
      description: 'Deploys from CI',
      roles: ['Viewer', 'Deployment'],
      groups: ['team-a', 'admins'],
      basicAuthEnabled: true,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const now = new Date(t.clock.now()).toISOString();
    const account = ServiceAccount.strict().parse(reply.body);
    expect(account).toEqual({
      id: expect.stringMatching(/^sa_/) as string,
      name: 'ci_deployer',
      description: 'Deploys from CI',
      roles: ['Deployment', 'Viewer'],
      grants: [],
      denies: [],
      groups: ['admins', 'team-a'],
      enabled: true,
      basicAuthEnabled: true,
      createdAt: now,
      createdBy: 'admin',
      updatedAt: now,
      updatedBy: 'admin',
      tokenCount: 0,
      nextExpiry: null,
    });
    expect(reply.headers.get('location')).toBe(apiPath('getServiceAccount', { domain: 'default', id: account.id }));
    expect((await t.store.members.get(account.id))?.seq).toBe(seqBefore + 1);
    const [event] = await t.store.audit.list(t.domain.id, 1);
    expect(event).toEqual({
      id: expect.any(String) as string,
      at: now,
      actor: 'admin',
      action: 'service_account.create',
      resourceType: 'service_account',
      resourceId: account.id,
      resourceName: 'ci_deployer',
      before: null,
      after: {
        id: account.id,
        name: 'ci_deployer',
        description: 'Deploys from CI',
        roles: ['Deployment', 'Viewer'],
        grants: [],
        denies: [],
        groups: ['admins', 'team-a'],
        enabled: true,
        basicAuthEnabled: true,
      },
    });
    const got = await send(
      t.url + apiPath('getServiceAccount', { domain: 'default', id: account.id }),
      'GET',
      t.adminToken,
    );
    expect(got.body).toEqual(account);
  });

  it('groups left out or empty become the caller’s own groups; description defaults to empty', async () => {
    for (const [name, groups] of [
      ['own_groups_a', undefined],
      ['own_groups_b', []],
    ] as const) {
      const reply = await create({ name, roles: ['Viewer'], ...(groups ? { groups } : {}) });
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({ groups: ['admins'], description: '', basicAuthEnabled: false });
    }
  });

  it('copies permissions from another account or a role, adding to the roles given', async () => {
    const source = await addServiceAccount(t, {
      name: 'source_acct',
      roles: ['Deployment', 'Power User'],
      groupIds: [teamA],
    });
    const fromAccount = await create({
      name: 'copied_from_acct',
      roles: ['Viewer'],
      copyPermissionsFrom: { serviceAccountId: source.id },
    });
    expect([fromAccount.status, fromAccount.body.roles]).toEqual([201, ['Power User', 'Deployment', 'Viewer']]);
    // The source needs no shared group: its roles are readable to anyone with service_account.read.
    const fromAccountOnly = await create({ name: 'copied_only', copyPermissionsFrom: { serviceAccountId: source.id } });
    expect(fromAccountOnly.body.roles).toEqual(['Power User', 'Deployment']);
    const fromRole = await create({ name: 'copied_from_role', copyPermissionsFrom: { role: 'Viewer' } });
    expect([fromRole.status, fromRole.body.roles]).toEqual([201, ['Viewer']]);
    const overlap = await create({
      name: 'copied_overlap',
      roles: ['Viewer'],
      copyPermissionsFrom: { role: 'Viewer' },
    });
    expect(overlap.body.roles).toEqual(['Viewer']);
  });

  it('422 naming roles when the account would have no role and no grant', async () => {
    const error = await refused({ name: 'no_roles_at_all' }, 422, 'unprocessable');
    expect(error.message).toBe('A service account needs at least one role or one granted permission.');
    expect(error.details).toEqual([expect.objectContaining({ path: 'roles' })]);
    await refused({ name: 'no_roles_empty', roles: [], grants: [] }, 422, 'unprocessable');
    await refused({ name: 'only_denies', roles: [], denies: ['audit.read'] }, 422, 'unprocessable');
    const roleless = await addServiceAccount(t, { name: 'roleless_source', roles: [] });
    await refused(
      { name: 'no_roles_copy', copyPermissionsFrom: { serviceAccountId: roleless.id } },
      422,
      'unprocessable',
    );
  });

  it('422 for a copy source that is not a service account of the domain', async () => {
    const error = await refused(
      { name: 'bad_source', roles: ['Viewer'], copyPermissionsFrom: { serviceAccountId: 'sa_nothing' } },
      422,
      'unprocessable',
    );
    expect(error.message).toMatch(/sa_nothing/);
    await refused(
      { name: 'human_source', roles: ['Viewer'], copyPermissionsFrom: { serviceAccountId: t.admin.id } },
      422,
      'unprocessable',
    );
  });

  it('422 naming every group that does not exist', async () => {
    const one = await refused(
      { name: 'ghost_group', roles: ['Viewer'], groups: ['admins', 'ghosts'] },
      422,
      'unprocessable',
    );
    expect(one.message).toBe('There is no group named "ghosts" in domain "default".');
    expect(one.details).toEqual([expect.objectContaining({ path: 'groups.1', code: 'unknown_group' })]);
    const two = await refused(
      { name: 'ghost_groups', roles: ['Viewer'], groups: ['nope-1', 'nope-2'] },
      422,
      'unprocessable',
    );
    expect(two.message).toMatch(/"nope-1", "nope-2"/);
  });

  it('422 when the caller would not share a group with the new account', async () => {
    const error = await refused({ name: 'locked_out', roles: ['Viewer'], groups: ['team-b'] }, 422, 'unprocessable');
    expect(error.message).toMatch(/^You would not be able to manage this service account/);
    expect(error.message).toMatch(/team-b.*admins/);
    // A caller in no group at all: its "own groups" are none, so it could never manage the account.
    const loner = await addHumanWithToken(t, { name: 'loner', roles: ['Power User'] });
    await warm(loner.token);
    const lonely = await refused({ name: 'lonely_acct', roles: ['Viewer'] }, 422, 'unprocessable', loner.token);
    expect(lonely.message).toMatch(/you are in no group/);
  });

  it('409 name_taken for a name in use by a service account or a person of the domain', async () => {
    await addServiceAccount(t, { name: 'taken_name' });
    const error = await refused({ name: 'taken_name', roles: ['Viewer'] }, 409, 'name_taken');
    expect(error.message).toBe(
      'A service account named "taken_name" already exists in domain "default". Names are unique in a domain: choose another.',
    );
    expect((await refused({ name: 'admin', roles: ['Viewer'] }, 409, 'name_taken')).message).toMatch(/member/);
  });

  it('400 for names, descriptions and lists the contract refuses, and unknown_fields for extra fields', async () => {
    for (const name of ['AB', 'ab', 'Upper_case', 'with-dash', 'späť', 'x'.repeat(65), '', ' spaced ']) {
      const error = await refused({ name, roles: ['Viewer'] }, 400, 'validation_failed');
      expect(error.details).toEqual([expect.objectContaining({ path: 'name' })]);
    }
    expect((await create({ name: 'x'.repeat(64), roles: ['Viewer'] })).status).toBe(201);
    expect((await create({ name: 'desc_max', roles: ['Viewer'], description: 'd'.repeat(1000) })).status).toBe(201);
    await refused({ name: 'desc_long', roles: ['Viewer'], description: 'd'.repeat(1001) }, 400, 'validation_failed');
    await refused({ name: 'dup_roles', roles: ['Viewer', 'Viewer'] }, 400, 'validation_failed');
    await refused({ name: 'bad_role', roles: ['Owner'] }, 400, 'validation_failed');
    await refused({ name: 'dup_groups', roles: ['Viewer'], groups: ['admins', 'admins'] }, 400, 'validation_failed');
    await refused(
      { name: 'two_sources', copyPermissionsFrom: { role: 'Viewer', serviceAccountId: 'x' } },
      400,
      'validation_failed',
    );
    await refused({ name: 'source_extra', copyPermissionsFrom: { role: 'Viewer', x: 1 } }, 400, 'unknown_fields');
    const extra = await refused(
      { name: 'extra_fields', roles: ['Viewer'], enabled: false, id: 'sa_mine' },
      400,
      'unknown_fields',
    );
    expect(extra.message).toMatch(/enabled, id/);
    expect(extra.message).toMatch(
      /It takes: name, description, roles, grants, denies, groups, basicAuthEnabled, copyPermissionsFrom/,
    );
  });

  it('400 invalid_json, 415 for other types, 413 over 64 KB, 400 for no body', async () => {
    const url = t.url + apiPath('listServiceAccounts', { domain: 'default' });
    await warm(t.adminToken);
    const before = await databaseFingerprint(t.store);
    const cases: [string | undefined, string | undefined, number, string][] = [
      ['{"name":', 'application/json', 400, 'invalid_json'],
      ['', 'application/json', 400, 'invalid_json'],
      ['{"__proto__":{"roles":["Admin"]},"name":"proto_attack"}', 'application/json', 400, 'invalid_json'],
      ['{"name":"plain_text","roles":["Viewer"]}', 'text/plain', 415, 'unsupported_media_type'],
      ['name=form', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
      [
        JSON.stringify({ name: 'huge_body', roles: ['Viewer'], description: 'x'.repeat(70_000) }),
        'application/json',
        413,
        'payload_too_large',
      ],
      [undefined, undefined, 400, 'validation_failed'],
      ['null', 'application/json', 400, 'validation_failed'],
      ['[]', 'application/json', 400, 'validation_failed'],
    ];
    for (const [body, contentType, status, code] of cases) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.adminToken}`, ...(contentType ? { 'content-type': contentType } : {}) },
        body,
      });
      const answer = ErrorBody.parse(await response.json());
      expect([response.status, answer.error.code], `${contentType} ${body?.slice(0, 40)}`).toEqual([status, code]);
    }
    expect(await databaseFingerprint(t.store)).toEqual(before);
  });

  it('checks the caller before the body: 403 for a Viewer whatever it sends, 401 without a token', async () => {
    const viewer = await addHumanWithToken(t, { name: 'viewer.create', roles: ['Viewer'], groupIds: [teamA] });
    await warm(viewer.token);
    const error = await refused({ nonsense: true }, 403, 'forbidden', viewer.token);
    expect(error.message).toBe(
      'Your permissions do not allow you to create service accounts (it needs service_account.manage, which comes with the Admin or Power User role).',
    );
    const anonymous = await send<ErrorBody>(
      t.url + apiPath('createServiceAccount', { domain: 'default' }),
      'POST',
      '',
      { name: 'x' },
    );
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'token_missing']);
  });

  it('a service account with Power User can create one; createdBy is its name', async () => {
    const bot = await addServiceAccount(t, { name: 'creator_bot', roles: ['Power User'], groupIds: [teamA] });
    const { secret } = await t.store.tokens.create({
      memberId: bot.id,
      kind: 'sa',
      name: 'ci',
      roles: ['Power User'],
      expiresAt: null,
      by: 'admin',
    });
    const reply = await create({ name: 'made_by_bot', roles: ['Viewer'] }, secret);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ createdBy: 'creator_bot', groups: ['team-a'] });
  });

  it('403 when a non-Admin gives a role beyond their own permissions, directly or by a copy', async () => {
    const power = await addHumanWithToken(t, { name: 'power_grantor', roles: ['Power User'], groupIds: [teamA] });
    await warm(power.token);
    const direct = await refused(
      { name: 'escalated', roles: ['Admin'], groups: ['team-a'] },
      403,
      'forbidden',
      power.token,
    );
    expect(direct?.message).toBe(
      'You can only give permissions you have yourself; Admin (member.manage) goes beyond yours.',
    );
    await refused(
      { name: 'escalated', copyPermissionsFrom: { role: 'Admin' }, groups: ['team-a'] },
      403,
      'forbidden',
      power.token,
    );
    const fine = await create(
      { name: 'within_rights', roles: ['Viewer', 'Power User'], groups: ['team-a'] },
      power.token,
    );
    expect(fine.status).toBe(201);
    const patch = await send<Answer>(
      t.url + apiPath('updateServiceAccount', { domain: 'default', id: fine.body.id }),
      'PATCH',
      power.token,
      {
        roles: ['Viewer', 'Admin'],
      },
    );
    expect([patch.status, patch.body.error?.code]).toEqual([403, 'forbidden']);
  });
});
