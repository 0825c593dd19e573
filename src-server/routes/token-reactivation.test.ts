import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenMeta } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { addHumanWithToken, databaseFingerprint, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, request, sharedAccount, tokenUrl } from '../token-test-support.js';

/** A Deployment member's refusal, and a Power User's: what each lacks of the Admin role. */
const BEYOND =
  'You can only give permissions you have yourself; Admin (service_account.manage, member.manage and audit.read) goes beyond yours.';
const BEYOND_POWER_USER = 'You can only give permissions you have yourself; Admin (member.manage) goes beyond yours.';

/**
 * Giving a token rights back — reactivating it, raising or removing its max RPS — goes
 * through the same ceiling as creating or rotating it. Taking rights away stays open to whoever manages it.
 */
describe('ceilings on reactivation', () => {
  const t = useTestServer('token-reactivation');
  let deployer: { token: string };
  beforeAll(async () => {
    deployer = {
      token: (await addHumanWithToken(t, { name: 'dee.deploy', roles: ['Deployment'], groupIds: [t.adminsGroupId] }))
        .token,
    };
    expect((await send(t.url + apiPath('getMe'), 'GET', deployer.token)).status).toBe(200);
  });

  it('refuses a Deployment member reactivating an Admin-role token, or raising or removing its cap', async () => {
    const account = await sharedAccount(t, 'powerful_bot', { roles: ['Admin', 'Viewer'] });
    await createToken(t, account.id, {
      name: 'admin-made',
      expiresAt: t.clock.inDays(365),
      roles: ['Admin'],
      maxRps: 5,
    });
    const url = tokenUrl(t, 'domain', account.id, 'admin-made');
    // Taking rights away is allowed: suspend it, lower its cap.
    expect((await request(t, 'PATCH', url, { status: 'SUSPENDED' }, deployer)).status).toBe(200);
    const lowered = await request<TokenMeta>(t, 'PATCH', url, { maxRps: 2 }, deployer);
    expect(lowered.body).toMatchObject({ status: 'SUSPENDED', maxRps: 2 });

    const before = await databaseFingerprint(t.store);
    for (const body of [{ status: 'ACTIVE' }, { maxRps: null }, { maxRps: 3 }, { status: 'ACTIVE', maxRps: 1 }]) {
      const refused = await expectError(request(t, 'PATCH', url, body, deployer), 403, 'forbidden');
      expect(refused.error.message, JSON.stringify(body)).toBe(BEYOND);
    }
    expect(await databaseFingerprint(t.store)).toEqual(before);
    // Repeating what the token already is gives nothing back.
    expect((await request(t, 'PATCH', url, { status: 'SUSPENDED', maxRps: 2 }, deployer)).status).toBe(200);
    // The Admin may.
    const back = await request<TokenMeta>(t, 'PATCH', url, { status: 'ACTIVE', maxRps: null });
    expect(back.body).toMatchObject({ status: 'ACTIVE', maxRps: null });
  });

  it('lets a Deployment member reactivate and uncap a token within their own rights', async () => {
    const account = await sharedAccount(t, 'modest_bot', { roles: ['Deployment'] });
    await createToken(t, account.id, { name: 'deploy', expiresAt: null, maxRps: 5 });
    const url = tokenUrl(t, 'domain', account.id, 'deploy');
    expect((await request(t, 'PATCH', url, { status: 'SUSPENDED' }, deployer)).status).toBe(200);
    const back = await request<TokenMeta>(t, 'PATCH', url, { status: 'ACTIVE', maxRps: null }, deployer);
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ status: 'ACTIVE', maxRps: null });
  });

  it('refuses a Power User enabling again an account whose roles go beyond theirs; disabling stays allowed', async () => {
    const pu = (await addHumanWithToken(t, { name: 'pat.power', roles: ['Power User'], groupIds: [t.adminsGroupId] }))
      .token;
    const account = await sharedAccount(t, 'admin_bot', { roles: ['Admin'] });
    const url = t.url + apiPath('getServiceAccount', { domain: 'default', id: account.id });
    expect((await send(url, 'PATCH', pu, { enabled: false })).status).toBe(200);
    const before = await databaseFingerprint(t.store);
    const refused = await expectError(send(url, 'PATCH', pu, { enabled: true }), 403, 'forbidden');
    expect(refused.error.message).toBe(BEYOND_POWER_USER);
    expect(await databaseFingerprint(t.store)).toEqual(before);
    // A change that keeps it disabled is not a grant.
    expect((await send(url, 'PATCH', pu, { description: 'parked' })).status).toBe(200);
    expect((await send(url, 'PATCH', t.adminToken, { enabled: true })).status).toBe(200);
  });

  it('a person reactivates their own personal token: it acts with their own roles, always within the ceiling', async () => {
    const spare = await send(t.url + apiPath('createPersonalToken'), 'POST', deployer.token, {
      name: 'spare',
      expiresAt: null,
    });
    expect(spare.status, JSON.stringify(spare.body)).toBe(201);
    const url = t.url + apiPath('updatePersonalToken', { name: 'spare' });
    expect((await send(url, 'PATCH', deployer.token, { status: 'SUSPENDED' })).status).toBe(200);
    expect((await send<TokenMeta>(url, 'PATCH', deployer.token, { status: 'ACTIVE' })).body.status).toBe('ACTIVE');
  });
});
