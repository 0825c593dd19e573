import { describe, expect, it, vi } from 'vitest';
import { call } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, me, request, sharedAccount, tokenUrl } from '../token-test-support.js';

interface LogRow {
  token_id: string;
  method: string;
  path: string;
  status: number;
  client_address: string;
  at: string;
}

describe('request log of service-account tokens', () => {
  const t = useTestServer('request-log');

  const rowsOf = (memberId: string) =>
    t.store.db
      .prepare(
        'SELECT token_id, method, path, status, client_address, at FROM request_logs WHERE member_id = ? ORDER BY id',
      )
      .all(memberId) as LogRow[];

  it('writes a row per request: time, token, method, path without query, status, client address', async () => {
    const account = sharedAccount(t, 'logged_bot');
    const { token, secret } = await createToken(t, account.id, { name: 'logger', expiresAt: null, maxRps: 2 });
    expect(
      (await call(`${t.url}/api/v1/domains/default/service-accounts?search=logged`, { token: secret })).status,
    ).toBe(200);
    expect((await call(`${t.url}/api/v1/auth/service-accounts/${account.id}/tokens`, { token: secret })).status).toBe(
      403,
    );
    expect((await me(t, `Bearer ${secret}`)).status).toBe(429); // third within the second: over maxRps 2
    await vi.waitFor(() => expect(rowsOf(account.id)).toHaveLength(3));
    const rows = rowsOf(account.id);
    expect(rows.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/api/v1/domains/default/service-accounts', 200],
      ['GET', `/api/v1/auth/service-accounts/${account.id}/tokens`, 403],
      ['GET', '/api/v1/me', 429],
    ]);
    for (const row of rows) {
      expect(row.token_id).toBe(token.id);
      expect(row.client_address).toBe('127.0.0.1');
      expect(row.at).toBe(new Date(t.clock.now()).toISOString());
    }
  });

  it('logs 401s of an identified token (suspended) but nothing for personal tokens or unknown tokens', async () => {
    const account = sharedAccount(t, 'refused_bot');
    const { secret } = await createToken(t, account.id, { name: 'paused', expiresAt: null });
    await request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'paused'), { status: 'SUSPENDED' });
    expect((await me(t, `Bearer ${secret}`)).status).toBe(401);
    await vi.waitFor(() => expect(rowsOf(account.id).map((r) => r.status)).toEqual([401]));
    const total = () => (t.store.db.prepare('SELECT count(*) AS n FROM request_logs').get() as { n: number }).n;
    const before = total();
    expect((await me(t, `Bearer ${t.adminToken}`)).status).toBe(200); // a personal token
    expect((await me(t, 'Bearer tdk_sa_000000000000000000000000000000000000')).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(total()).toBe(before);
  });
});
