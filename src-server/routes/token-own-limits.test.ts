import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { CreatedToken } from '../../src-shared/api/tokens.js';
import type { RoleName } from '../../src-shared/roles.js';
import { addGroup, addServiceAccount, send, T0, type Reply } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, tokensUrl, tokenUrl } from '../token-test-support.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** The caller's own token: expires 2 hours after the test clock starts, at most 5 requests per second. */
const OWN_EXPIRY = T0 + 2 * HOUR;
const OUTLIVES = 'Your token expires on 2026-03-01 14:00:00 UTC; a token you create cannot outlive it.';

/**
 * Own limits: a caller holding a service-account token never creates, rotates or changes a token —
 * on any account — so that it outlives the caller's own token or has a higher (or no) max RPS.
 */
describe('a service-account token cannot lift limits', () => {
  const t = useTestServer('token-own-limits');
  let ops: string;
  /** Every request moves the clock on a second, so the caller's own 5 RPS cap never answers 429. */
  const as = async <T = unknown>(
    token: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<Reply<T>> => {
    t.clock.advance(1000);
    return send<T>(url, method, token, body);
  };
  /** A token of an account in `ops`, made directly in the store (as an Admin would). */
  const tokenOf = async (
    name: string,
    roles: RoleName[],
    limits: { expiresAt: number | null; maxRps: number | null },
  ) => {
    const account = await addServiceAccount(t, { name, roles, groupIds: [ops] });
    const { secret } = await t.store.tokens.create({
      memberId: account.id,
      kind: 'sa',
      name: 'own',
      roles,
      by: 'admin',
      ...limits,
    });
    return { account, secret };
  };
  /** Token rows and audit rows: what a refused write must leave as they were. */
  const writes = async () => ({
    tokens: await t.store.sql.all('SELECT id, status, max_rps, expires_at, deleted_at FROM tokens ORDER BY id'),
    audit: await t.store.sql.value('SELECT count(*) FROM audit_events'),
  });

  beforeAll(async () => {
    ops = await addGroup(t, 'ops');
  });

  it('cannot create a token that outlives it or has a higher or no cap, on its own account or another', async () => {
    const caller = await tokenOf('limited_bot', ['Power User'], { expiresAt: OWN_EXPIRY, maxRps: 5 });
    const neighbour = await addServiceAccount(t, { name: 'neighbour_bot', roles: ['Viewer'], groupIds: [ops] });
    for (const target of [caller.account.id, neighbour.id]) {
      const url = tokensUrl(t, 'domain', target);
      const before = await writes();
      const forever = await expectError(
        as(caller.secret, 'POST', url, { name: 'forever', expiresAt: null, maxRps: 5 }),
        403,
        'beyond_own_limits',
      );
      expect(forever.error.message).toBe(OUTLIVES);
      await expectError(
        as(caller.secret, 'POST', url, { name: 'later', expiresAt: iso(OWN_EXPIRY + 1000), maxRps: 5 }),
        403,
        'beyond_own_limits',
      );
      const uncapped = await expectError(
        as(caller.secret, 'POST', url, { name: 'uncapped', expiresAt: iso(T0 + HOUR) }),
        403,
        'beyond_own_limits',
      );
      expect(uncapped.error.message).toBe(
        'Your token is limited to 5 requests per second; a token you create cannot have a higher limit or none.',
      );
      await expectError(
        as(caller.secret, 'POST', url, { name: 'faster', expiresAt: iso(T0 + HOUR), maxRps: 6 }),
        403,
        'beyond_own_limits',
      );
      expect(await writes()).toEqual(before);
      // Within its own limits, it may.
      const within = await as<CreatedToken>(caller.secret, 'POST', url, {
        name: 'within',
        expiresAt: iso(OWN_EXPIRY),
        maxRps: 5,
      });
      expect(within.status, JSON.stringify(within.body)).toBe(201);
      // …and may rotate what it made.
      expect(
        (
          await as(caller.secret, 'POST', `${tokenUrl(t, 'domain', target, 'within')}/rotate`, {
            graceSeconds: 0,
          })
        ).status,
      ).toBe(201);
    }
  });

  it('cannot lift its own cap; lowering it is fine', async () => {
    const caller = await tokenOf('self_lifter', ['Deployment'], { expiresAt: OWN_EXPIRY, maxRps: 5 });
    const own = tokenUrl(t, 'domain', caller.account.id, 'own');
    const before = await writes();
    await expectError(as(caller.secret, 'PATCH', own, { maxRps: null }), 403, 'beyond_own_limits');
    await expectError(as(caller.secret, 'PATCH', own, { maxRps: 6 }), 403, 'beyond_own_limits');
    expect(await writes()).toEqual(before);
    const lowered = await as<TokenMeta>(caller.secret, 'PATCH', own, { maxRps: 3 });
    expect(lowered.body).toMatchObject({ maxRps: 3 });
  });

  it('two accounts in one group cannot lift each other’s limits; suspending and lowering stay allowed', async () => {
    const caller = await tokenOf('peer_one', ['Deployment'], { expiresAt: OWN_EXPIRY, maxRps: 5 });
    const peer = await tokenOf('peer_two', ['Deployment'], { expiresAt: null, maxRps: null });
    const url = tokenUrl(t, 'domain', peer.account.id, 'own');
    expect((await as(caller.secret, 'PATCH', url, { status: 'SUSPENDED' })).status).toBe(200);
    // Lower than none is still more than the caller's 5: lowering is taking away, so it is allowed.
    expect((await as<TokenMeta>(caller.secret, 'PATCH', url, { maxRps: 100 })).body.maxRps).toBe(100);
    const before = await writes();
    const reactivate = await expectError(
      as(caller.secret, 'PATCH', url, { status: 'ACTIVE' }),
      403,
      'beyond_own_limits',
    );
    expect(reactivate.error.message).toBe(
      'Your token expires on 2026-03-01 14:00:00 UTC; a token you reactivate cannot outlive it.',
    );
    await expectError(as(caller.secret, 'PATCH', url, { maxRps: null }), 403, 'beyond_own_limits');
    await expectError(as(caller.secret, 'PATCH', url, { maxRps: 200 }), 403, 'beyond_own_limits');
    // Rotation copies the old token's expiry and cap, so it is refused as well.
    const rotate = await expectError(
      as(caller.secret, 'POST', `${url}/rotate`, { graceSeconds: 0 }),
      403,
      'beyond_own_limits',
    );
    expect(rotate.error.message).toBe(
      'Your token expires on 2026-03-01 14:00:00 UTC; a token you rotate cannot outlive it.',
    );
    expect(await writes()).toEqual(before);
  });

  it('binds no one holding a personal token', async () => {
    const account = await addServiceAccount(t, { name: 'free_bot', roles: ['Viewer'], groupIds: [t.adminsGroupId] });
    await createToken(t, account.id, { name: 'forever', expiresAt: null, maxRps: null });
  });
});
