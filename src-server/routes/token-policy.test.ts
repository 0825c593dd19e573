import { beforeEach, describe, expect, it } from 'vitest';
import type { TokenMeta } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import type { RotatedToken } from '../../src-shared/api/tokens.js';
import { PolicyViolationList, TokenPolicyResponse } from '../../src-shared/api/token-policy.js';
import { ROLE_NAMES } from '../../src-shared/roles.js';
import { DEFAULT_TOKEN_POLICY, type TokenPolicy } from '../../src-shared/token-policy.js';
import { addGroup, addHumanWithToken, addServiceAccount, databaseFingerprint, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, request, sharedAccount, tokensUrl, tokenUrl } from '../token-test-support.js';

const policyUrl = (t: { url: string }) => t.url + apiPath('getTokenPolicy', { domain: 'default' });
const violationsUrl = (t: { url: string }) => t.url + apiPath('listPolicyViolations', { domain: 'default' });
const personalUrl = (t: { url: string }) => t.url + apiPath('createPersonalToken');

/** The default policy with some rules changed. */
const policyWith = (changes: Partial<TokenPolicy>): TokenPolicy => ({ ...DEFAULT_TOKEN_POLICY, ...changes });

describe('token policy', () => {
  const t = useTestServer('token-policy');
  const put = (policy: TokenPolicy, token = t.adminToken) =>
    send<TokenPolicyResponse>(policyUrl(t), 'PUT', token, policy);
  beforeEach(async () => {
    expect((await put(DEFAULT_TOKEN_POLICY)).status).toBe(200);
  });

  it('has a default, is read with service_account.read, changed by Admins only, validated and audited', async () => {
    const viewer = await addHumanWithToken(t, { name: 'vic.viewer', roles: ['Viewer'], groupIds: [t.adminsGroupId] });
    const power = await addHumanWithToken(t, { name: 'pat.power', roles: ['Power User'], groupIds: [t.adminsGroupId] });
    expect((await send(policyUrl(t), 'GET', power.token)).status).toBe(200);
    const read = await send<TokenPolicyResponse>(policyUrl(t), 'GET', viewer.token);
    expect(read.status).toBe(200);
    expect(TokenPolicyResponse.parse(read.body).policy).toEqual(DEFAULT_TOKEN_POLICY);
    expect(read.body.policy.neverExpiring.allowedFor).toEqual(['Power User', 'Deployment', 'Viewer']);
    expect(read.body.autoSuspend).toEqual({ lastRunAt: null, lastSuspended: 0, totalSuspended: 0 });

    const strict = policyWith({ serviceAccountTokens: { maxLifetimeDays: 90 }, maxActiveTokensPerAccount: 10 });
    const before = await databaseFingerprint(t.store);
    await expectError(put(strict, power.token), 403, 'forbidden');
    await expectError(put(strict, viewer.token), 403, 'forbidden');
    await expectError(put({ ...strict, autoSuspendAfterDaysUnused: 0 }), 400, 'validation_failed');
    await expectError(
      put({ ...strict, neverExpiring: { allowedFor: ['Viewer', 'Viewer'] } }),
      400,
      'validation_failed',
    );
    const { maxActiveTokensPerAccount: _left, ...partial } = strict;
    await expectError(send(policyUrl(t), 'PUT', t.adminToken, partial), 400, 'validation_failed');
    await expectError(send(policyUrl(t), 'PUT', t.adminToken, { ...strict, extra: 1 }), 400, 'unknown_fields');
    expect(await databaseFingerprint(t.store)).toEqual(before);

    const saved = await put(strict);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ policy: strict, updatedBy: 'admin' });
    expect(saved.body.updatedAt).not.toBeNull();
    const audit = await t.store.audit.list(t.domain.id, 5);
    expect(audit[0]).toMatchObject({ action: 'token_policy.update', actor: 'admin', resourceName: 'default' });
  });

  it('caps the lifetime at create, rotate and reactivate, in words and in details', async () => {
    await put(policyWith({ serviceAccountTokens: { maxLifetimeDays: 90 }, personalTokens: { maxLifetimeDays: 30 } }));
    const account = await sharedAccount(t, 'capped_bot', { roles: ['Viewer'] });
    const refused = await expectError(
      request(t, 'POST', tokensUrl(t, 'domain', account.id), { name: 'long', expiresAt: t.clock.inDays(120) }),
      422,
      'policy_violation',
    );
    expect(refused.error.message).toBe(
      'This domain allows service-account tokens of at most 90 days; this one would last 120 days.',
    );
    expect(refused.error.details).toEqual({ rule: 'maxLifetimeDays', allowed: 90, actual: 120 });
    const forever = await expectError(
      request(t, 'POST', tokensUrl(t, 'domain', account.id), { name: 'forever', expiresAt: null }),
      422,
      'policy_violation',
    );
    expect(forever.error.details).toEqual({ rule: 'maxLifetimeDays', allowed: 90, actual: null });
    await createToken(t, account.id, { name: 'okay', expiresAt: t.clock.inDays(90) });

    // Personal tokens have their own cap.
    await expectError(
      send(personalUrl(t), 'POST', t.adminToken, { name: 'laptop', expiresAt: t.clock.inDays(31) }),
      422,
      'policy_violation',
    );
    expect(
      (await send(personalUrl(t), 'POST', t.adminToken, { name: 'laptop', expiresAt: t.clock.inDays(30) })).status,
    ).toBe(201);

    // A token made before a stricter cap: rotate keeps its expiry unless a new one is sent.
    await put(policyWith({ serviceAccountTokens: { maxLifetimeDays: 30 } }));
    const rotate = tokenUrl(t, 'domain', account.id, 'okay') + '/rotate';
    const before = await databaseFingerprint(t.store);
    await expectError(request(t, 'POST', rotate, { graceSeconds: 0 }), 422, 'policy_violation');
    await expectError(
      request(t, 'POST', rotate, { graceSeconds: 0, expiresAt: t.clock.inDays(45) }),
      422,
      'policy_violation',
    );
    expect(await databaseFingerprint(t.store)).toEqual(before);
    const rotated = await request<RotatedToken>(t, 'POST', rotate, { graceSeconds: 0, expiresAt: t.clock.inDays(30) });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(201);
    expect(rotated.body.token.expiresAt).toBe(t.clock.inDays(30));

    // Reactivate: the token must fit the policy from now on; a new expiry can come in the same PATCH.
    await createToken(t, account.id, { name: 'sleeper', expiresAt: t.clock.inDays(29) });
    const sleeper = tokenUrl(t, 'domain', account.id, 'sleeper');
    expect((await request(t, 'PATCH', sleeper, { status: 'SUSPENDED' })).status).toBe(200);
    await put(policyWith({ serviceAccountTokens: { maxLifetimeDays: 7 } }));
    await expectError(request(t, 'PATCH', sleeper, { status: 'ACTIVE' }), 422, 'policy_violation');
    const back = await request<TokenMeta>(t, 'PATCH', sleeper, { status: 'ACTIVE', expiresAt: t.clock.inDays(7) });
    expect(back.body).toMatchObject({ status: 'ACTIVE', expiresAt: t.clock.inDays(7) });
    // Suspending or changing the cap needs nothing of the policy.
    expect((await request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'okay'), { maxRps: 3 })).status).toBe(200);
  });

  it('refuses never-expiring tokens for roles the policy leaves out, counting Admin-grade grants as Admin', async () => {
    const viewer = await sharedAccount(t, 'plain_viewer', { roles: ['Viewer', 'Deployment'] });
    await createToken(t, viewer.id, { name: 'forever', expiresAt: null });
    // A Viewer account granted member.manage holds Admin-grade power whatever its roles say.
    const granted = await addServiceAccount(t, {
      name: 'granted_bot',
      roles: ['Viewer'],
      grants: ['member.manage'],
      groupIds: [t.adminsGroupId],
    });
    const refused = await expectError(
      request(t, 'POST', tokensUrl(t, 'domain', granted.id), { name: 'forever', expiresAt: null }),
      422,
      'policy_violation',
    );
    expect(refused.error.message).toBe(
      'This domain does not allow tokens that never expire for Admin; choose an expiry date.',
    );
    expect(refused.error.details).toEqual({
      rule: 'neverExpiring',
      allowed: ['Power User', 'Deployment', 'Viewer'],
      actual: ['Admin', 'Viewer'],
    });
    // The Admin's own personal token counts as Admin too.
    await expectError(
      send(personalUrl(t), 'POST', t.adminToken, { name: 'forever-pt', expiresAt: null }),
      422,
      'policy_violation',
    );
    // A policy that allows Deployment only refuses the Viewer half of the first account's tokens.
    await put(policyWith({ neverExpiring: { allowedFor: ['Deployment'] } }));
    const partial = await expectError(
      request(t, 'POST', tokensUrl(t, 'domain', viewer.id), { name: 'forever-2', expiresAt: null }),
      422,
      'policy_violation',
    );
    expect(partial.error.message).toContain('for Viewer;');
    await createToken(t, viewer.id, { name: 'forever-3', expiresAt: null, roles: ['Deployment'] });
    await put(policyWith({ neverExpiring: { allowedFor: [...ROLE_NAMES] } }));
    await createToken(t, granted.id, { name: 'forever', expiresAt: null });
  });

  it('the chain grant-then-act is closed: a grant that makes a never-expiring token Admin-grade is refused', async () => {
    const account = await sharedAccount(t, 'chain_bot', { roles: ['Viewer'] });
    await createToken(t, account.id, { name: 'forever', expiresAt: null });
    const accountUrl = t.url + apiPath('updateServiceAccount', { domain: 'default', id: account.id });
    const before = await databaseFingerprint(t.store);
    const refused = await expectError(
      send(accountUrl, 'PATCH', t.adminToken, { grants: ['member.manage'] }),
      422,
      'policy_violation',
    );
    expect(refused.error.message).toBe(
      'This domain does not allow tokens that never expire for Admin, and this change would make the token "forever" one. Give it an expiry first.',
    );
    expect(refused.error.details).toMatchObject({ rule: 'neverExpiring', actual: ['Admin', 'Viewer'] });
    expect(await databaseFingerprint(t.store)).toEqual(before);
    // Given an expiry first, the grant goes through; so does one that hands out nothing Admin-grade.
    expect((await send(accountUrl, 'PATCH', t.adminToken, { grants: ['log.read'] })).status).toBe(200);
    await request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'forever'), { expiresAt: t.clock.inDays(30) });
    expect((await send(accountUrl, 'PATCH', t.adminToken, { grants: ['member.manage'] })).status).toBe(200);
  });

  it('caps active tokens per account: create and reactivate count, suspended and rotated-out do not', async () => {
    await put(policyWith({ maxActiveTokensPerAccount: 2 }));
    const account = await sharedAccount(t, 'counted_bot');
    await createToken(t, account.id, { name: 'one', expiresAt: null });
    await createToken(t, account.id, { name: 'two', expiresAt: null });
    const refused = await expectError(
      request(t, 'POST', tokensUrl(t, 'domain', account.id), { name: 'three', expiresAt: null }),
      422,
      'policy_violation',
    );
    expect(refused.error.message).toBe(
      'This domain allows at most 2 active tokens per account, and this account has 2; suspend or delete one first.',
    );
    expect(refused.error.details).toEqual({ rule: 'maxActiveTokensPerAccount', allowed: 2, actual: 2 });
    // Rotating replaces: the count stays 2 during the grace.
    const rotated = await request(t, 'POST', tokenUrl(t, 'domain', account.id, 'one') + '/rotate', {
      graceSeconds: 600,
    });
    expect(rotated.status).toBe(201);
    expect((await request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'two'), { status: 'SUSPENDED' })).status).toBe(
      200,
    );
    await createToken(t, account.id, { name: 'three', expiresAt: null });
    await expectError(
      request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'two'), { status: 'ACTIVE' }),
      422,
      'policy_violation',
    );
    // An expired token brought back by a new expiry counts as well.
    await createToken(t, account.id, { name: 'brief', expiresAt: t.clock.inDays(1) }).catch(() => undefined);
    await request(t, 'DELETE', tokenUrl(t, 'domain', account.id, 'three'));
    await createToken(t, account.id, { name: 'brief', expiresAt: new Date(t.clock.now() + 1000).toISOString() });
    t.clock.advance(2000);
    await createToken(t, account.id, { name: 'other', expiresAt: null });
    await expectError(
      request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'brief'), { expiresAt: t.clock.inDays(1) }),
      422,
      'policy_violation',
    );
  });

  it('PATCH expiresAt: the future or null, the policy, the ceiling and a service-account caller’s own expiry', async () => {
    const account = await sharedAccount(t, 'dated_bot', { roles: ['Viewer', 'Power User'] });
    await createToken(t, account.id, { name: 'dated', expiresAt: t.clock.inDays(10) });
    const url = tokenUrl(t, 'domain', account.id, 'dated');
    const moved = await request<TokenMeta>(t, 'PATCH', url, { expiresAt: t.clock.inDays(20) });
    expect(moved.body.expiresAt).toBe(t.clock.inDays(20));
    await expectError(request(t, 'PATCH', url, { expiresAt: t.clock.inDays(-1) }), 400, 'validation_failed');
    await put(policyWith({ serviceAccountTokens: { maxLifetimeDays: 15 } }));
    await expectError(request(t, 'PATCH', url, { expiresAt: t.clock.inDays(16) }), 422, 'policy_violation');
    expect((await request(t, 'PATCH', url, { expiresAt: t.clock.inDays(5) })).status).toBe(200);

    // A Deployment member may shorten a Power User token's life but not lengthen it (that hands it out again).
    const deployer = await addHumanWithToken(t, {
      name: 'dan.deploy',
      roles: ['Deployment'],
      groupIds: [t.adminsGroupId],
    });
    expect((await request(t, 'PATCH', url, { expiresAt: t.clock.inDays(4) }, { token: deployer.token })).status).toBe(
      200,
    );
    await expectError(
      request(t, 'PATCH', url, { expiresAt: t.clock.inDays(6) }, { token: deployer.token }),
      403,
      'forbidden',
    );

    // A service-account caller cannot give a token a life beyond its own.
    await put(DEFAULT_TOKEN_POLICY);
    const robot = await sharedAccount(t, 'robot_admin', { roles: ['Power User'] });
    const own = await createToken(t, robot.id, { name: 'own', expiresAt: t.clock.inDays(3), roles: ['Power User'] });
    const asRobot = { token: own.secret };
    const beyond = await expectError(
      request(t, 'PATCH', url, { expiresAt: t.clock.inDays(10) }, asRobot),
      403,
      'beyond_own_limits',
    );
    expect(beyond.error.details).toMatchObject({ limit: 'expiresAt' });
    expect((await request(t, 'PATCH', url, { expiresAt: t.clock.inDays(2) }, asRobot)).status).toBe(200);
  });

  it('lists violations of the policy in force, by the same-group rule; changing the policy changes no token', async () => {
    const account = await sharedAccount(t, 'old_timer', { roles: ['Viewer'] });
    await createToken(t, account.id, { name: 'forever', expiresAt: null });
    await createToken(t, account.id, { name: 'year', expiresAt: t.clock.inDays(365) });
    await createToken(t, account.id, { name: 'week', expiresAt: t.clock.inDays(7) });
    const elsewhere = await addServiceAccount(t, {
      name: 'other_team_bot',
      roles: ['Viewer'],
      groupIds: [await addGroup(t, 'other-team')],
    });
    await t.store.tokens.create({
      memberId: elsewhere.id,
      kind: 'sa',
      name: 'theirs',
      roles: ['Viewer'],
      expiresAt: null,
      by: 'admin',
    });
    const tokensBefore = await t.store.sql.all('SELECT * FROM tokens ORDER BY id');
    await put(policyWith({ serviceAccountTokens: { maxLifetimeDays: 30 }, maxActiveTokensPerAccount: 2 }));
    expect(await t.store.sql.all('SELECT * FROM tokens ORDER BY id')).toEqual(tokensBefore);

    const asAdmin = PolicyViolationList.parse((await send(violationsUrl(t), 'GET', t.adminToken)).body).items;
    const mine = asAdmin.filter((v) => v.accountName === 'old_timer');
    expect(mine).toEqual([
      {
        accountId: account.id,
        accountName: 'old_timer',
        kind: 'serviceAccount',
        tokenName: 'forever',
        rule: 'maxLifetimeDays',
        allowed: 30,
        actual: null,
      },
      {
        accountId: account.id,
        accountName: 'old_timer',
        kind: 'serviceAccount',
        tokenName: 'year',
        rule: 'maxLifetimeDays',
        allowed: 30,
        actual: 365,
      },
      {
        accountId: account.id,
        accountName: 'old_timer',
        kind: 'serviceAccount',
        tokenName: null,
        rule: 'maxActiveTokensPerAccount',
        allowed: 2,
        actual: 3,
      },
    ]);
    expect(asAdmin.some((v) => v.accountName === 'other_team_bot')).toBe(true);
    // The bootstrap Admin token never expires: Admins see people's personal tokens too.
    expect(asAdmin).toContainEqual(
      expect.objectContaining({
        accountName: 'admin',
        kind: 'personal',
        tokenName: 'bootstrap',
        rule: 'neverExpiring',
      }),
    );

    // A Viewer in admins sees the accounts of admins only, and no personal tokens.
    const viewer = await addHumanWithToken(t, { name: 'val.viewer', roles: ['Viewer'], groupIds: [t.adminsGroupId] });
    const asViewer = PolicyViolationList.parse((await send(violationsUrl(t), 'GET', viewer.token)).body).items;
    expect(asViewer.some((v) => v.accountName === 'old_timer')).toBe(true);
    expect(asViewer.some((v) => v.accountName === 'other_team_bot')).toBe(false);
    expect(asViewer.some((v) => v.kind === 'personal')).toBe(false);
  });
});
