import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, me, request, rotateToken, sharedAccount, tokenUrl } from '../token-test-support.js';

/** Each way a real service-account token, made through the API, stops working: its own 401 code. */
describe('401 for an identified service-account token that may not be used', () => {
  const t = useTestServer('token-rejections');

  const expect401 = async (secret: string, code: string) => {
    const reply = me(t, `Bearer ${secret}`);
    await expectError(reply, 401, code);
    expect((await reply).headers.get('www-authenticate')).toBe('Bearer realm="TokenDesk"');
  };

  it('token_suspended, and working again once activated', async () => {
    const account = await sharedAccount(t, 'suspend_bot');
    const { secret } = await createToken(t, account.id, { name: 'paused', expiresAt: null });
    const url = tokenUrl(t, 'domain', account.id, 'paused');
    expect((await request(t, 'PATCH', url, { status: 'SUSPENDED' })).status).toBe(200);
    await expect401(secret, 'token_suspended');
    expect((await request(t, 'PATCH', url, { status: 'ACTIVE' })).status).toBe(200);
    expect((await me(t, `Bearer ${secret}`)).status).toBe(200);
  });

  it('token_expired once its expiry passes (server clock)', async () => {
    const account = await sharedAccount(t, 'expire_bot');
    const expiresAt = new Date(t.clock.now() + 60_000).toISOString();
    const { secret } = await createToken(t, account.id, { name: 'short', expiresAt });
    expect((await me(t, `Bearer ${secret}`)).status).toBe(200);
    t.clock.advance(60_000);
    await expect401(secret, 'token_expired');
  });

  it('account_disabled while its account is disabled', async () => {
    const account = await sharedAccount(t, 'disabled_bot');
    const { secret } = await createToken(t, account.id, { name: 'ci-run', expiresAt: null });
    const patch = await request(
      t,
      'PATCH',
      t.url + apiPath('updateServiceAccount', { domain: 'default', id: account.id }),
      { enabled: false },
    );
    expect(patch.status).toBe(200);
    await expect401(secret, 'account_disabled');
  });

  it('token_deleted after DELETE', async () => {
    const account = await sharedAccount(t, 'deleted_bot');
    const { secret } = await createToken(t, account.id, { name: 'gone', expiresAt: null });
    expect((await request(t, 'DELETE', tokenUrl(t, 'domain', account.id, 'gone'))).status).toBe(204);
    await expect401(secret, 'token_deleted');
  });

  it('token_rotated for the old secret once a rotation with no grace is done', async () => {
    const account = await sharedAccount(t, 'rotated_bot');
    const { secret } = await createToken(t, account.id, { name: 'rolling', expiresAt: null });
    const rotated = await rotateToken(t, account.id, 'rolling', 0);
    await expect401(secret, 'token_rotated');
    expect((await me(t, `Bearer ${rotated.secret}`)).status).toBe(200);
  });
});
