import { beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { SAME_GROUP_MESSAGE } from '../../src-shared/errors.js';
import { addGroup, addHumanWithToken, addServiceAccount, addServiceAccountToken } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { expectError, request, tokensUrl, tokenUrl, type Level } from '../token-test-support.js';

/** The same-group rule: every token endpoint, at both levels, needs a group shared with the account — admins too. */
describe('same-group rule on token writes', () => {
  const t = useTestServer('token-same-group');
  let foreignId: string;
  let deployer: string;
  beforeAll(async () => {
    const other = await addGroup(t, 'other-team');
    const foreign = await addServiceAccount(t, { name: 'foreign_bot', roles: ['Viewer'], groupIds: [other] });
    foreignId = foreign.id;
    await addServiceAccountToken(t, foreign, { name: 'existing', roles: ['Viewer'] });
    // Someone with access_token.manage (Deployment) but in another group than the account.
    deployer = (await addHumanWithToken(t, { name: 'deployer', roles: ['Deployment'], groupIds: [t.adminsGroupId] }))
      .token;
  });

  const attempts = (level: Level) => [
    () => request(t, 'POST', tokensUrl(t, level, foreignId), { name: 'new-token', expiresAt: null }),
    () => request(t, 'PATCH', tokenUrl(t, level, foreignId, 'existing'), { status: 'SUSPENDED' }),
    () => request(t, 'DELETE', tokenUrl(t, level, foreignId, 'existing')),
    () => request(t, 'POST', `${tokenUrl(t, level, foreignId, 'existing')}/rotate`, { graceSeconds: 0 }),
    () => request(t, 'GET', tokensUrl(t, level, foreignId)),
  ];

  for (const level of ['domain', 'admin'] as const) {
    it(`${level} level: an Admin outside the account's groups gets 403 not_same_group with the exact message`, async () => {
      for (const attempt of attempts(level)) {
        const body = await expectError(attempt(), 403, 'not_same_group');
        expect(body.error.message).toBe(SAME_GROUP_MESSAGE);
      }
    });
  }

  it('the deprecated create follows the same rule', async () => {
    const reply = request(t, 'POST', t.url + apiPath('deprecatedCreateServiceAccountToken'), {
      serviceAccountId: foreignId,
      name: 'legacy',
      expiresAt: null,
    });
    expect((await expectError(reply, 403, 'not_same_group')).error.message).toBe(SAME_GROUP_MESSAGE);
  });

  it('nothing changed, and the permission check comes first (domain: forbidden; admin: Admin role)', async () => {
    const rows = await t.store.sql.all('SELECT name, status, deleted_at FROM tokens WHERE member_id = ?', [foreignId]);
    expect(rows).toEqual([{ name: 'existing', status: 'ACTIVE', deleted_at: null }]);
    const viewer = (await addHumanWithToken(t, { name: 'viewer', roles: ['Viewer'], groupIds: [t.adminsGroupId] }))
      .token;
    const domain = request(
      t,
      'POST',
      tokensUrl(t, 'domain', foreignId),
      { name: 'x-token', expiresAt: null },
      { token: viewer },
    );
    await expectError(domain, 403, 'forbidden');
    // A Deployment member manages tokens at the domain level but is no Admin.
    const admin = request(
      t,
      'POST',
      tokensUrl(t, 'admin', foreignId),
      { name: 'x-token', expiresAt: null },
      { token: deployer },
    );
    await expectError(admin, 403, 'forbidden');
    const sameGroupMissing = request(
      t,
      'POST',
      tokensUrl(t, 'domain', foreignId),
      { name: 'x-token', expiresAt: null },
      {
        token: deployer,
      },
    );
    expect((await expectError(sameGroupMissing, 403, 'not_same_group')).error.message).toBe(SAME_GROUP_MESSAGE);
  });
});
