import { describe, expect, it } from 'vitest';
import { addHumanWithToken } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, request, sharedAccount, tokensUrl, tokenUrl } from '../token-test-support.js';

/** A token manager may not mint a secret with rights beyond their own, by creating or by rotating. */
describe('token roles never exceed the caller’s own permissions', () => {
  const t = useTestServer('token-escalation');

  it('refuses a Deployment member an Admin token on an Admin account, by create and by rotate', async () => {
    const account = await sharedAccount(t, 'powerful_bot', { roles: ['Admin', 'Viewer'] });
    const deployer = await addHumanWithToken(t, {
      name: 'dee.deploy',
      roles: ['Deployment'],
      groupIds: [t.adminsGroupId],
    });
    const asDeployer = { token: deployer.token };

    const refused = await expectError(
      request(
        t,
        'POST',
        tokensUrl(t, 'domain', account.id),
        { name: 'escalate', expiresAt: t.clock.inDays(365), roles: ['Admin'] },
        asDeployer,
      ),
      403,
      'forbidden',
    );
    expect(refused.error.message).toBe(
      'You can only give permissions you have yourself; Admin (service_account.manage, member.manage and audit.read) goes beyond yours.',
    );
    // Left out, the roles would be all of the account's, Admin among them.
    await expectError(
      request(t, 'POST', tokensUrl(t, 'domain', account.id), { name: 'escalate', expiresAt: null }, asDeployer),
      403,
      'forbidden',
    );
    const viewerOnly = await request(
      t,
      'POST',
      tokensUrl(t, 'domain', account.id),
      { name: 'reader', expiresAt: null, roles: ['Viewer'] },
      asDeployer,
    );
    expect(viewerOnly.status).toBe(201);

    await createToken(t, account.id, { name: 'admin-made', expiresAt: t.clock.inDays(365), roles: ['Admin'] });
    await expectError(
      request(t, 'POST', `${tokenUrl(t, 'domain', account.id, 'admin-made')}/rotate`, { graceSeconds: 0 }, asDeployer),
      403,
      'forbidden',
    );
  });
});
