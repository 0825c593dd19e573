import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, me, request, rotateToken, sharedAccount } from '../token-test-support.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Accounts with Basic Auth on take the token name or id as user, the secret as password. */
describe('HTTP Basic with tokens made through the API', () => {
  const t = useTestServer('basic-auth');

  it('accepts the token name or id as user with the secret as password', async () => {
    const account = await sharedAccount(t, 'basic_bot', { basicAuthEnabled: true });
    const { token, secret } = await createToken(t, account.id, { name: 'basic-user', expiresAt: null });
    const byName = await me(t, basic('basic-user', secret));
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({ name: 'basic_bot', type: 'SERVICE_ACCOUNT' });
    expect((await me(t, basic(token.id, secret))).status).toBe(200);
  });

  it('refuses a wrong user, a wrong secret, and an account with Basic Auth off', async () => {
    const on = await sharedAccount(t, 'basic_on', { basicAuthEnabled: true });
    const off = await sharedAccount(t, 'basic_off');
    const a = await createToken(t, on.id, { name: 'right-one', expiresAt: null });
    const b = await createToken(t, off.id, { name: 'right-one', expiresAt: null });
    await expectError(me(t, basic('other-name', a.secret)), 401, 'token_missing');
    await expectError(me(t, basic('right-one', 'tdk_sa_nottherightsecret')), 401, 'token_malformed');
    await expectError(me(t, basic('right-one', b.secret)), 401, 'token_missing');
    expect((await me(t, `Bearer ${b.secret}`)).status).toBe(200);
  });

  it('stops when Basic Auth is turned off, and follows rotation (the new token has the name)', async () => {
    const account = await sharedAccount(t, 'basic_switch', { basicAuthEnabled: true });
    const old = await createToken(t, account.id, { name: 'switch', expiresAt: null });
    const rotated = await rotateToken(t, account.id, 'switch', 0);
    expect((await me(t, basic('switch', rotated.secret))).status).toBe(200);
    await expectError(me(t, basic(rotated.previous.name, old.secret)), 401, 'token_rotated');
    const patch = await request(
      t,
      'PATCH',
      t.url + apiPath('updateServiceAccount', { domain: 'default', id: account.id }),
      {
        basicAuthEnabled: false,
      },
    );
    expect(patch.status).toBe(200);
    await expectError(me(t, basic('switch', rotated.secret)), 401, 'token_missing');
  });
});
