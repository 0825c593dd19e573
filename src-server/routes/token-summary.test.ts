import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { named } from '../db/named.js';
import { CLEAR_TOKEN_LIST_SQL, summarySql } from '../store/summary-sql.js';
import { isoOf } from '../store/time.js';
import { useTestServer } from '../test-server-hooks.js';
import { call } from '../test-support.js';
import { createToken, request, rotateToken, sharedAccount, tokenUrl } from '../token-test-support.js';

/**
 * Token writes patch the account's list summary one token at a time instead of recomputing it from
 * all of its tokens. After any mix of writes over HTTP, the patched summary must equal what a full
 * recompute gives.
 */
describe('the incrementally kept token summary equals a full recompute', () => {
  const t = useTestServer('token-summary');

  const summaryOf = async (id: string) => ({
    counters: await t.store.sql.get('SELECT token_count, next_expiry FROM members WHERE id = ?', [id]),
    list: await t.store.sql.all('SELECT * FROM token_list WHERE member_id = ? ORDER BY created_at, token_id', [id]),
  });

  it('after creates, a suspend, a max RPS change, use, a rotation with grace, a rotation without, and deletes', async () => {
    const account = await sharedAccount(t, 'summary_bot', { roles: ['Viewer', 'Deployment'] });
    const later = (ms: number) => new Date(t.clock.now() + ms).toISOString();
    const secrets: string[] = [];
    for (const [i, expiresAt] of [null, later(9e6), later(3e6), null, later(6e6)].entries()) {
      secrets.push((await createToken(t, account.id, { name: `tok-${i}`, expiresAt, roles: ['Viewer'] })).secret);
      t.clock.advance(1000);
    }
    const url = (name: string) => tokenUrl(t, 'domain', account.id, name);
    expect((await request(t, 'PATCH', url('tok-1'), { status: 'SUSPENDED' })).status).toBe(200);
    expect((await request(t, 'PATCH', url('tok-3'), { maxRps: 7 })).status).toBe(200);
    expect((await call(t.url + apiPath('getMe'), { token: secrets[0] })).status).toBe(200);
    await rotateToken(t, account.id, 'tok-0', 3600);
    await rotateToken(t, account.id, 'tok-4', 0);
    expect((await request(t, 'DELETE', url('tok-2'))).status).toBe(204);

    const patched = await summaryOf(account.id);
    expect(patched.counters).toMatchObject({ token_count: 5 });
    expect(patched.list).toHaveLength(5);
    const bind = { id: account.id, now: isoOf(t.clock.now()) };
    const { REFRESH_SUMMARY_SQL, FILL_TOKEN_LIST_SQL } = summarySql(t.store.sql.dialect);
    await t.store.sql.run(...named(REFRESH_SUMMARY_SQL, bind));
    await t.store.sql.run(...named(CLEAR_TOKEN_LIST_SQL, { id: account.id }));
    await t.store.sql.run(...named(FILL_TOKEN_LIST_SQL, bind));
    expect(await summaryOf(account.id)).toEqual(patched);
  });
});
