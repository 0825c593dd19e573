import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { CreatedToken } from '../../src-shared/api/tokens.js';
import { addHumanWithToken } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { expectError, listTokens, me, request, sharedAccount } from '../token-test-support.js';

describe('deprecated POST /api/v1/auth/service-accounts/tokens', () => {
  const t = useTestServer('token-deprecated');

  it('still creates a token, answering with Deprecation (RFC 9745) and a successor Link', async () => {
    const account = await sharedAccount(t, 'legacy_bot', { roles: ['Deployment', 'Viewer'] });
    const reply = await request(t, 'POST', t.url + apiPath('deprecatedCreateServiceAccountToken'), {
      serviceAccountId: account.id,
      name: 'old-client',
      expiresAt: null,
      roles: ['Viewer'],
    });
    expect(reply.status).toBe(201);
    const created = CreatedToken.parse(reply.body);
    expect(created.token).toMatchObject({ name: 'old-client', roles: ['Viewer'] });
    expect(reply.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(reply.headers.get('link')).toBe(
      `<${apiPath('adminListServiceAccountTokens', { id: account.id })}>; rel="successor-version"`,
    );
    expect((await listTokens(t, account.id)).map((tk) => tk.name)).toEqual(['old-client']);
    expect((await me(t, `Bearer ${created.secret}`)).status).toBe(200);
  });

  it('applies the admin-level rules and says it is deprecated on refusals too', async () => {
    const account = await sharedAccount(t, 'legacy_rules');
    const deployer = await addHumanWithToken(t, {
      name: 'deployer',
      roles: ['Deployment'],
      groupIds: [t.adminsGroupId],
    });
    const reply = request(
      t,
      'POST',
      t.url + apiPath('deprecatedCreateServiceAccountToken'),
      { serviceAccountId: account.id, name: 'nope', expiresAt: null },
      { token: deployer.token },
    );
    await expectError(reply, 403, 'forbidden');
    expect((await reply).headers.get('deprecation')).toMatch(/^@\d+$/);
    await expectError(
      request(t, 'POST', t.url + apiPath('deprecatedCreateServiceAccountToken'), {
        serviceAccountId: 'sa_missing',
        name: 'nope',
        expiresAt: null,
      }),
      404,
      'not_found',
    );
    await expectError(
      request(t, 'POST', t.url + apiPath('deprecatedCreateServiceAccountToken'), { name: 'nope', expiresAt: null }),
      400,
      'validation_failed',
    );
  });
});
