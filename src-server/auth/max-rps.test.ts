import { describe, expect, it } from 'vitest';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, me, request, sharedAccount, tokenUrl } from '../token-test-support.js';

/** The test clock stands still unless moved, so "quick" requests are exactly simultaneous. */
describe('max RPS per token over HTTP', () => {
  const t = useTestServer('max-rps');

  it('with maxRps 1, the 2nd and 3rd quick requests are 429 with Retry-After ≥ 1, in the error shape', async () => {
    const account = await sharedAccount(t, 'rps_one');
    const { secret } = await createToken(t, account.id, { name: 'capped', expiresAt: null, maxRps: 1 });
    expect((await me(t, `Bearer ${secret}`)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const reply = me(t, `Bearer ${secret}`);
      const body = await expectError(reply, 429, 'rate_limited');
      const retryAfter = (await reply).headers.get('retry-after');
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(body.error.details).toMatchObject({ maxRps: 1, retryAfterSeconds: Number(retryAfter) });
    }
    t.clock.advance(1000);
    expect((await me(t, `Bearer ${secret}`)).status).toBe(200);
  });

  it('lets maxRps requests through per second and no more; each token has its own budget', async () => {
    const account = await sharedAccount(t, 'rps_three');
    const a = await createToken(t, account.id, { name: 'three', expiresAt: null, maxRps: 3 });
    const b = await createToken(t, account.id, { name: 'other', expiresAt: null, maxRps: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await me(t, `Bearer ${a.secret}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await me(t, `Bearer ${b.secret}`)).status).toBe(200);
  });

  it('a token without a cap is never limited; PATCH maxRps applies to the next request', async () => {
    const account = await sharedAccount(t, 'rps_none');
    const { secret } = await createToken(t, account.id, { name: 'free', expiresAt: null });
    for (let i = 0; i < 20; i++) expect((await me(t, `Bearer ${secret}`)).status).toBe(200);
    const patched = await request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'free'), { maxRps: 1 });
    expect(patched.status).toBe(200);
    t.clock.advance(1000);
    expect((await me(t, `Bearer ${secret}`)).status).toBe(200);
    await expectError(me(t, `Bearer ${secret}`), 429, 'rate_limited');
  });
});
