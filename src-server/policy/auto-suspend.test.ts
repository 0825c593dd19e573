import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { TokenPolicyResponse } from '../../src-shared/api/token-policy.js';
import { DAY_MS, DEFAULT_TOKEN_POLICY } from '../../src-shared/token-policy.js';
import { send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, listTokens, me, request, sharedAccount, tokenUrl } from '../token-test-support.js';
import { AUTO_SUSPEND_BATCH, autoSuspend } from './auto-suspend.js';

describe('auto-suspend of unused tokens', () => {
  const t = useTestServer('auto-suspend');
  const policyUrl = () => t.url + apiPath('getTokenPolicy', { domain: 'default' });

  it('suspends tokens unused for the policy’s days (never-used ones from creation), audits them as policy, and says what it did', async () => {
    const account = await sharedAccount(t, 'idle_bot');
    const never = await createToken(t, account.id, { name: 'never-used', expiresAt: null });
    const busy = await createToken(t, account.id, { name: 'busy', expiresAt: null });
    const reused = await createToken(t, account.id, { name: 'reused', expiresAt: null });

    // Off by default: nothing happens, however old the tokens get.
    t.clock.advance(200 * DAY_MS);
    expect(await autoSuspend(t.store)).toBe(0);
    expect((await me(t, `Bearer ${never.secret}`)).status).toBe(200);

    const policy = { ...DEFAULT_TOKEN_POLICY, autoSuspendAfterDaysUnused: 90 };
    expect((await send(policyUrl(), 'PUT', t.adminToken, policy)).status).toBe(200);
    t.clock.advance(89 * DAY_MS);
    expect((await me(t, `Bearer ${busy.secret}`)).status).toBe(200); // used at day 289
    expect((await me(t, `Bearer ${t.adminToken}`)).status).toBe(200); // and the admin's, who goes on below
    // "reused" was never used: 289 days since it was made. "never-used" was last used at day 200: 89 days ago.
    expect(await autoSuspend(t.store)).toBe(1);
    t.clock.advance(2 * DAY_MS); // day 291: now 91 days
    expect(await autoSuspend(t.store)).toBe(1);
    await expectError(me(t, `Bearer ${never.secret}`), 401, 'token_suspended');
    await expectError(me(t, `Bearer ${reused.secret}`), 401, 'token_suspended');
    expect((await me(t, `Bearer ${busy.secret}`)).status).toBe(200);
    const statuses = Object.fromEntries((await listTokens(t, account.id)).map((token) => [token.name, token.status]));
    expect(statuses).toEqual({ 'never-used': 'SUSPENDED', busy: 'ACTIVE', reused: 'SUSPENDED' });

    const state = TokenPolicyResponse.parse((await send(policyUrl(), 'GET', t.adminToken)).body).autoSuspend;
    expect(state).toEqual({ lastRunAt: new Date(t.clock.now()).toISOString(), lastSuspended: 1, totalSuspended: 2 });
    const events = (await t.store.audit.list(t.domain.id, 10)).filter((e) => e.action === 'token.auto_suspend');
    expect(events.map((e) => [e.actor, e.resourceName]).sort()).toEqual([
      ['policy', 'idle_bot/never-used'],
      ['policy', 'idle_bot/reused'],
    ]);

    // Reactivated, a token gets a fresh 90 days from then, not from its old last use.
    expect((await request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'reused'), { status: 'ACTIVE' })).status).toBe(
      200,
    );
    t.clock.advance(DAY_MS);
    expect(await autoSuspend(t.store)).toBe(0);
    const later = TokenPolicyResponse.parse((await send(policyUrl(), 'GET', t.adminToken)).body).autoSuspend;
    expect(later).toMatchObject({ lastSuspended: 0, totalSuspended: 2 });
  });
});

describe('auto-suspend in batches', () => {
  const t = useTestServer('auto-suspend-batch');

  it('suspends at most a batch per run, so a run never holds the database for long; the next run goes on', async () => {
    await send(t.url + apiPath('putTokenPolicy', { domain: 'default' }), 'PUT', t.adminToken, {
      ...DEFAULT_TOKEN_POLICY,
      autoSuspendAfterDaysUnused: 30,
    });
    const account = await sharedAccount(t, 'crowded_bot');
    const rows = AUTO_SUSPEND_BATCH + 5;
    await t.store.transaction(async () => {
      for (let i = 0; i < rows; i++) {
        await t.store.tokens.create({
          memberId: account.id,
          kind: 'sa',
          name: `t-${i}`,
          roles: ['Viewer'],
          expiresAt: null,
          by: 'admin',
        });
      }
    });
    t.clock.advance(100 * DAY_MS);
    expect(await autoSuspend(t.store)).toBe(AUTO_SUSPEND_BATCH);
    expect(await autoSuspend(t.store)).toBe(6); // the rest, and the bootstrap admin token, idle too
  });
});

describe('auto-suspend on the server’s timer', () => {
  const t = useTestServer('auto-suspend-timer', { logPruneIntervalMs: 50 });

  it('runs in the background without any request', async () => {
    const account = await sharedAccount(t, 'timer_bot');
    const token = await createToken(t, account.id, { name: 'idle', expiresAt: null });
    await send(t.url + apiPath('putTokenPolicy', { domain: 'default' }), 'PUT', t.adminToken, {
      ...DEFAULT_TOKEN_POLICY,
      autoSuspendAfterDaysUnused: 1,
    });
    t.clock.advance(2 * DAY_MS);
    // Watched from the database: a request with the token would be a use, and keep it from being idle.
    await expect
      .poll(async () => (await t.store.tokens.get(token.token.id))?.status, { timeout: 5000 })
      .toBe('SUSPENDED');
  });
});
