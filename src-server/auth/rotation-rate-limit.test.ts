import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { call } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, rotateToken, sharedAccount } from '../token-test-support.js';

/**
 * During a rotation's grace period the old and the new secret both work. They are one token to the
 * rate limiter (one bucket per rotation chain), so the grace period never doubles the max RPS.
 */
describe('a rotated token and its replacement share one rate-limit bucket', () => {
  const t = useTestServer('rotation-rate-limit');

  const me = async (secret: string) => (await call(t.url + apiPath('getMe'), { token: secret })).status;

  it('with maxRps 2, two requests in a second pass, whichever secret each uses; the third is 429', async () => {
    const account = await sharedAccount(t, 'rotating');
    const first = await createToken(t, account.id, { name: 'ci-main', expiresAt: null, maxRps: 2 });
    const second = await rotateToken(t, account.id, 'ci-main', 3600);
    const third = await rotateToken(t, account.id, 'ci-main', 3600);
    // The clock stands still: all of this happens in one second.
    expect([await me(first.secret), await me(second.secret), await me(third.secret)]).toEqual([200, 200, 429]);
    t.clock.advance(1_000);
    expect([await me(third.secret), await me(second.secret), await me(first.secret)]).toEqual([200, 200, 429]);
  });

  it('a token made separately on the same account keeps its own bucket', async () => {
    const account = await sharedAccount(t, 'two_tokens');
    const one = await createToken(t, account.id, { name: 'one', expiresAt: null, maxRps: 1 });
    const two = await createToken(t, account.id, { name: 'two', expiresAt: null, maxRps: 1 });
    expect([await me(one.secret), await me(two.secret), await me(one.secret)]).toEqual([200, 200, 429]);
  });
});
