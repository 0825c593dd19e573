import { describe, expect, it } from 'vitest';
import type { Me, ServiceAccount } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import type { Permission, RoleName } from '../../src-shared/roles.js';
import { useTestServer } from '../test-server-hooks.js';
import { addHumanWithToken, addServiceAccount, call, databaseFingerprint, send } from '../test-support.js';
import { createToken, expectError, tokensUrl } from '../token-test-support.js';

const CEILING = (names: string) => `You can only give permissions you have yourself; ${names} goes beyond yours.`;
const NO_PERMISSION = 'A service account needs at least one role or one granted permission.';
const BOTH_WAYS =
  '"member.read" is both granted and denied. A permission can be granted or denied, not both: remove it from one of the lists.';

/**
 * Per-account permission overrides over HTTP (issue 12, section 2): a service account's grants add to
 * its roles and its denies take away, for the account and every token of it, from the very next request
 * (no re-issue); whoever sets them may hand out only what they hold themselves.
 */
describe('service-account grants and denies', () => {
  const t = useTestServer('sa-overrides');
  const d = { domain: 'default' };
  const accountUrl = (id: string) => t.url + apiPath('updateServiceAccount', { ...d, id });
  const patch = (id: string, body: unknown, token = t.adminToken) =>
    send<ServiceAccount>(accountUrl(id), 'PATCH', token, body);
  const create = (body: unknown, token = t.adminToken) =>
    send<ServiceAccount>(t.url + apiPath('createServiceAccount', d), 'POST', token, body);
  const me = (token: string) => call<Me>(t.url + apiPath('getMe'), { token });
  /** The status of a read that needs `permission`, made with `token`. */
  const reads = {
    'member.read': () => apiPath('listMembers', d),
    'audit.read': () => apiPath('listAuditEvents', d),
    'service_account.read': () => apiPath('listServiceAccounts', d),
  } as const;
  const status = async (token: string, permission: keyof typeof reads) =>
    (await call(t.url + reads[permission](), { token })).status;

  async function account(
    name: string,
    roles: RoleName[],
    overrides: { grants?: Permission[]; denies?: Permission[] } = {},
  ) {
    return await addServiceAccount(t, { name, roles, ...overrides, groupIds: [t.adminsGroupId] });
  }

  /** A refused write: the status, code and exact words, and nothing written. */
  async function refusedWrite(write: () => Promise<unknown>, status: number, code: string, message: string) {
    const before = await databaseFingerprint(t.store);
    const body = await expectError(write() as Promise<never>, status, code);
    expect(body.error.message).toBe(message);
    expect(await databaseFingerprint(t.store)).toEqual(before);
  }

  it('a deny reaches an existing token at once, and taking it away gives the permission back: no re-issue', async () => {
    const bot = await account('deny_bot', ['Deployment']);
    const { secret } = await createToken(t, bot.id, { name: 'ci-token', expiresAt: null });
    expect(await status(secret, 'member.read')).toBe(200);

    const denied = await patch(bot.id, { denies: ['member.read'] });
    expect(denied.status, JSON.stringify(denied.body)).toBe(200);
    expect(denied.body).toMatchObject({ roles: ['Deployment'], grants: [], denies: ['member.read'] });
    expect(await status(secret, 'member.read')).toBe(403);

    expect((await patch(bot.id, { denies: [] })).status).toBe(200);
    expect(await status(secret, 'member.read')).toBe(200);
  });

  it('a grant reaches an existing token at once, and is audited before and after', async () => {
    const bot = await account('grant_bot', ['Viewer']);
    const { secret } = await createToken(t, bot.id, { name: 'ci-token', expiresAt: null });
    expect(await status(secret, 'audit.read')).toBe(403);

    const granted = await patch(bot.id, { grants: ['VIEW_AUDIT'] });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    expect(granted.body.grants).toEqual(['audit.read']);
    expect(await status(secret, 'audit.read')).toBe(200);

    const [event] = await t.store.audit.list(t.domain.id, 1);
    expect(event).toMatchObject({
      action: 'service_account.update',
      before: { roles: ['Viewer'], grants: [], denies: [] },
      after: { roles: ['Viewer'], grants: ['audit.read'], denies: [] },
    });
  });

  it('a deny beats every role that gives the permission; a body cannot grant and deny one permission', async () => {
    const bot = await account('both_bot', ['Deployment', 'Viewer'], { denies: ['member.read'] });
    const { secret } = await createToken(t, bot.id, { name: 'ci-token', expiresAt: null });
    expect(await status(secret, 'member.read')).toBe(403);
    expect(await status(secret, 'service_account.read')).toBe(200);

    await refusedWrite(
      async () => patch(bot.id, { grants: ['member.read'], denies: ['VIEW_MEMBER'] }),
      400,
      'validation_failed',
      `The request body is not valid. denies: ${BOTH_WAYS}`,
    );
    // A grant sent alone meets the deny already there: the same words, for the account as it would be.
    await refusedWrite(async () => patch(bot.id, { grants: ['member.read'] }), 422, 'unprocessable', BOTH_WAYS);
    // Should a row ever hold both (written outside the API), the deny still wins over the grant.
    await t.store.sql.run(`UPDATE members SET grants = '["member.read"]' WHERE id = ?`, [bot.id]);
    expect(await status(secret, 'member.read')).toBe(403);
  });

  it('the ceiling: a Power User grants no member.manage, un-denies nothing they lack, mints no token beyond theirs', async () => {
    const pat = await addHumanWithToken(t, { name: 'pat', roles: ['Power User'], groupIds: [t.adminsGroupId] });
    await me(pat.token); // a token's first use is recorded on it: not part of what a refusal must leave alone
    const plain = await account('ceiling_plain', ['Viewer']);
    const bot = await account('ceiling_bot', ['Viewer'], { denies: ['member.manage', 'audit.read'] });

    await refusedWrite(
      async () => patch(plain.id, { grants: ['member.manage'] }, pat.token),
      403,
      'forbidden',
      CEILING('member.manage'),
    );
    // Nothing gives the account member.manage now, but taking the deny away decides that it may hold it.
    await refusedWrite(
      async () => patch(bot.id, { denies: [] }, pat.token),
      403,
      'forbidden',
      CEILING('member.manage'),
    );
    await refusedWrite(
      () => create({ name: 'ceiling_new', roles: [], grants: ['MANAGE_MEMBER'] }, pat.token),
      403,
      'forbidden',
      CEILING('member.manage'),
    );
    // What the Power User holds, they may give and un-deny; a deny they keep is no handout.
    const within = await patch(bot.id, { grants: ['log.read'], denies: ['member.manage'] }, pat.token);
    expect(within.status, JSON.stringify(within.body)).toBe(200);
    expect(within.body).toMatchObject({ grants: ['log.read'], denies: ['member.manage'] });

    // An admin grants member.manage; the Power User may still edit the account, but mints no token of it.
    expect((await patch(bot.id, { grants: ['log.read', 'member.manage'], denies: [] })).status).toBe(200);
    expect((await patch(bot.id, { description: 'still editable' }, pat.token)).status).toBe(200);
    // Enabling the account again brings its grants back to its tokens: the ceiling of handing them out.
    expect((await patch(bot.id, { enabled: false })).status).toBe(200);
    await refusedWrite(
      async () => patch(bot.id, { enabled: true }, pat.token),
      403,
      'forbidden',
      CEILING('member.manage'),
    );
    expect((await patch(bot.id, { enabled: true })).status).toBe(200);
    await refusedWrite(
      async () =>
        send(tokensUrl(t, 'domain', bot.id), 'POST', pat.token, {
          name: 'beyond',
          expiresAt: null,
        }),
      403,
      'forbidden',
      CEILING('member.manage'),
    );
  });

  it('start from scratch: no role and one grant is an account whose token can do that and nothing else', async () => {
    const made = await create({ name: 'scratch_bot', roles: [], grants: ['audit.read'] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ roles: [], grants: ['audit.read'], denies: [] });
    const { token, secret } = await createToken(t, made.body.id, { name: 'only-audit', expiresAt: null });
    expect(token.roles).toEqual([]);
    expect(await status(secret, 'audit.read')).toBe(200);
    expect(await status(secret, 'service_account.read')).toBe(403);
    expect(await status(secret, 'member.read')).toBe(403);
    expect((await me(secret)).body.permissions).toEqual([
      { permission: 'audit.read', sources: [{ kind: 'grant', name: 'scratch_bot' }] },
    ]);

    await refusedWrite(() => create({ name: 'empty_bot', roles: [], grants: [] }), 422, 'unprocessable', NO_PERMISSION);
    // Taking the last grant (or the last role) away is the same refusal.
    await refusedWrite(() => patch(made.body.id, { grants: [] }), 422, 'unprocessable', NO_PERMISSION);
  });

  it('copy from a service account copies its roles, grants and denies; copy from a role copies the role', async () => {
    const source = await account('copy_source', ['Deployment'], { grants: ['audit.read'], denies: ['member.read'] });
    const copied = await create({ name: 'copy_target', copyPermissionsFrom: { serviceAccountId: source.id } });
    expect(copied.status, JSON.stringify(copied.body)).toBe(201);
    expect(copied.body).toMatchObject({ roles: ['Deployment'], grants: ['audit.read'], denies: ['member.read'] });

    const fromRole = await create({
      name: 'role_target',
      copyPermissionsFrom: { role: 'Viewer' },
      grants: ['log.read'],
    });
    expect(fromRole.status, JSON.stringify(fromRole.body)).toBe(201);
    expect(fromRole.body).toMatchObject({ roles: ['Viewer'], grants: ['log.read'], denies: [] });

    await refusedWrite(
      async () =>
        create({
          name: 'copy_clash',
          grants: ['member.read'],
          copyPermissionsFrom: { serviceAccountId: source.id },
        }),
      422,
      'unprocessable',
      BOTH_WAYS,
    );
  });

  it('/me of an account’s token names its grants as sources and leaves its denied permissions out', async () => {
    const bot = await account('me_bot', ['Viewer'], { grants: ['audit.read'], denies: ['member.read'] });
    const { secret } = await createToken(t, bot.id, { name: 'ci-token', expiresAt: null });
    expect((await me(secret)).body.permissions).toEqual([
      { permission: 'service_account.read', sources: [{ kind: 'role', name: 'Viewer' }] },
      { permission: 'audit.read', sources: [{ kind: 'grant', name: 'me_bot' }] },
    ]);
  });
});
