import { describe, expect, it } from 'vitest';
import { RequestLogPage } from '../../src-shared/api/logs.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { ErrorBody } from '../../src-shared/errors.js';
import { call } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, request, sharedAccount, tokenUrl } from '../token-test-support.js';
import { REFUSED_RPS } from './request-gate.js';

const FLOOD = 1_000;

/**
 * A flood of requests with a token the server refuses (suspended, say) or caps: after a few answers
 * it gets 429 with Retry-After, and the request log holds a few counted rows, not one per request, so
 * it cannot push out the record of what the token did before. The test clock stands still, so the
 * whole flood falls in one second.
 */
describe('refused requests of a known token are limited and counted, not logged one by one', () => {
  const t = useTestServer('refused-requests');

  async function flood(secret: string, total = FLOOD): Promise<Map<string, number>> {
    const answers = new Map<string, number>();
    for (let sent = 0; sent < total; sent += 100) {
      const replies = await Promise.all(
        Array.from({ length: 100 }, () => call<ErrorBody>(t.url + apiPath('getMe'), { token: secret })),
      );
      for (const reply of replies) {
        const key = reply.status === 200 ? '200' : `${reply.status} ${reply.body.error.code}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
        if (reply.status === 429) expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
    }
    return answers;
  }

  /** The account's log as the Logs tab reads it (the read writes what is still queued first). */
  async function logItems(accountId: string): Promise<RequestLogPage['items']> {
    const reply = await call(`${t.url + apiPath('listRequestLogs', { domain: 'default', id: accountId })}?limit=500`, {
      token: t.adminToken,
    });
    expect(reply.status).toBe(200);
    return RequestLogPage.parse(reply.body).items;
  }
  const logOf = async (accountId: string) =>
    (await logItems(accountId)).map(({ status, count }) => ({ status, count }));

  it('a suspended token capped at 1 RPS: one 401, then 429s; two rows whose counts add up to the flood', async () => {
    const account = await sharedAccount(t, 'suspended_capped');
    const { secret } = await createToken(t, account.id, { name: 'leaked', expiresAt: null, maxRps: 1 });
    await request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'leaked'), { status: 'SUSPENDED' });
    const answers = await flood(secret);
    expect(Object.fromEntries(answers)).toEqual({ '401 token_suspended': 1, '429 rate_limited': FLOOD - 1 });
    expect(await logOf(account.id)).toEqual([
      { status: 429, count: FLOOD - 1 },
      { status: 401, count: 1 },
    ]);
  });

  it(`a suspended token with no cap gets ${REFUSED_RPS} answers a second, then 429s`, async () => {
    const account = await sharedAccount(t, 'suspended_uncapped');
    const { secret } = await createToken(t, account.id, { name: 'leaked', expiresAt: null });
    await request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'leaked'), { status: 'SUSPENDED' });
    const answers = await flood(secret, 300);
    expect(Object.fromEntries(answers)).toEqual({
      '401 token_suspended': REFUSED_RPS,
      '429 rate_limited': 300 - REFUSED_RPS,
    });
    expect(await logOf(account.id)).toEqual([
      { status: 429, count: 300 - REFUSED_RPS },
      { status: 401, count: REFUSED_RPS },
    ]);
  });

  it('a working token over its cap: each answered request has its own row, the 429s share one per second', async () => {
    const account = await sharedAccount(t, 'capped_active');
    const { secret } = await createToken(t, account.id, { name: 'busy', expiresAt: null, maxRps: 3 });
    expect(Object.fromEntries(await flood(secret, 300))).toEqual({ '200': 3, '429 rate_limited': 297 });
    t.clock.advance(1_000);
    expect(Object.fromEntries(await flood(secret, 300))).toEqual({ '200': 3, '429 rate_limited': 297 });
    // Newest second first. Within one second the rows may be written in either order: under a shared
    // rate store a 429 can be logged before a slower 200 finishes.
    const rows = (await logItems(account.id)).sort((a, b) => b.at.localeCompare(a.at) || a.status - b.status);
    expect(rows.map(({ status, count }) => ({ status, count }))).toEqual([
      { status: 200, count: 1 },
      { status: 200, count: 1 },
      { status: 200, count: 1 },
      { status: 429, count: 297 },
      { status: 200, count: 1 },
      { status: 200, count: 1 },
      { status: 200, count: 1 },
      { status: 429, count: 297 },
    ]);
  });

  it('an unknown token is not counted against anyone, and writes no log row', async () => {
    const account = await sharedAccount(t, 'bystander');
    await createToken(t, account.id, { name: 'quiet', expiresAt: null });
    const reply = await call<ErrorBody>(t.url + apiPath('getMe'), { token: `tdk_sa_${'0'.repeat(36)}` });
    expect(reply.status).toBe(401);
    expect(await logOf(account.id)).toEqual([]);
  });
});
