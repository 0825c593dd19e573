import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestLogPage } from '../../src-shared/api/logs.js';
import { apiPath } from '../../src-shared/api/paths.js';
import {
  addGroup,
  addHumanWithToken,
  addServiceAccount,
  call,
  startTestServer,
  T0,
  type TestServer,
} from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, request, sharedAccount } from '../token-test-support.js';

const insertLog = async (t: TestServer, row: { member: string; token: string | null; at: number; status: number }) =>
  await t.store.sql.run(
    `INSERT INTO request_logs (member_id, token_id, at, method, path, status, client_address)
       VALUES (?, ?, ?, 'GET', '/api/v1/me', ?, '127.0.0.1')`,
    [row.member, row.token, new Date(row.at).toISOString(), row.status],
  );

async function walk(t: TestServer, id: string, query: string, token = t.adminToken) {
  const seen: RequestLogPage['items'] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url: string = `${t.url}${apiPath('listRequestLogs', { domain: 'default', id })}?${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const reply = await call<RequestLogPage>(url, { token });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    seen.push(...reply.body.items);
    cursor = reply.body.nextCursor;
    pages++;
  } while (cursor);
  return { seen, pages };
}

describe('GET …/service-accounts/{id}/logs', () => {
  const t = useTestServer('logs');
  let accountId: string;
  let tokenA: string;
  let tokenB: string;
  beforeAll(async () => {
    const account = await sharedAccount(t, 'logs_bot');
    accountId = account.id;
    tokenA = (await createToken(t, accountId, { name: 'alpha', expiresAt: null })).token.id;
    tokenB = (await createToken(t, accountId, { name: 'beta', expiresAt: null })).token.id;
    // 30 rows; every three share a timestamp, so paging must break ties by id.
    for (let i = 0; i < 30; i++) {
      await insertLog(t, {
        member: accountId,
        token: i % 2 === 0 ? tokenA : tokenB,
        at: T0 - 3_600_000 + Math.floor(i / 3) * 1000,
        status: [200, 404, 403, 500, 201][i % 5]!,
      });
    }
  });

  it('pages newest first with no duplicate and no gap', async () => {
    const { seen, pages } = await walk(t, accountId, 'limit=7');
    expect(pages).toBe(5);
    expect(seen).toHaveLength(30);
    expect(new Set(seen.map((r) => r.id)).size).toBe(30);
    const keys = seen.map((r) => [r.at, Number(r.id)] as const);
    for (let i = 1; i < keys.length; i++) {
      const [a0, i0] = keys[i - 1]!;
      const [a1, i1] = keys[i]!;
      expect(a0 > a1 || (a0 === a1 && i0 > i1)).toBe(true);
    }
    expect(seen[0]!.tokenName).toMatch(/alpha|beta/);
  });

  it('filters by token and by exact status or class', async () => {
    const byToken = await walk(t, accountId, `limit=4&tokenId=${tokenB}`);
    expect(byToken.seen).toHaveLength(15);
    expect(byToken.seen.every((r) => r.tokenId === tokenB && r.tokenName === 'beta')).toBe(true);
    const exact = await walk(t, accountId, 'status=404');
    expect(exact.seen).toHaveLength(6);
    expect(exact.seen.every((r) => r.status === 404)).toBe(true);
    const klass = await walk(t, accountId, 'status=4xx&limit=5');
    expect(klass.seen).toHaveLength(12);
    expect(klass.seen.every((r) => r.status >= 400 && r.status < 500)).toBe(true);
    const both = await walk(t, accountId, `status=2xx&tokenId=${tokenA}`);
    expect(both.seen.every((r) => r.tokenId === tokenA && r.status < 300)).toBe(true);
    expect(both.seen).toHaveLength(6);
  });

  it('refuses a cursor reused with other filters, and a bad status', async () => {
    const first = await call<RequestLogPage>(
      `${t.url}${apiPath('listRequestLogs', { domain: 'default', id: accountId })}?limit=2`,
      {
        token: t.adminToken,
      },
    );
    const url = `${t.url}${apiPath('listRequestLogs', { domain: 'default', id: accountId })}?status=404&cursor=${first.body.nextCursor}`;
    await expectError(call(url, { token: t.adminToken }), 400, 'validation_failed');
    await expectError(
      call(`${t.url}${apiPath('listRequestLogs', { domain: 'default', id: accountId })}?status=4x`, {
        token: t.adminToken,
      }),
      400,
      'validation_failed',
    );
  });

  it('shows tokenName null once the token is deleted', async () => {
    const created = await createToken(t, accountId, { name: 'doomed', expiresAt: null });
    await insertLog(t, { member: accountId, token: created.token.id, at: T0, status: 200 });
    const url = `${t.url}${apiPath('updateServiceAccountToken', { domain: 'default', id: accountId, name: 'doomed' })}`;
    expect((await request(t, 'DELETE', url)).status).toBe(204);
    const { seen } = await walk(t, accountId, `tokenId=${created.token.id}`);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.tokenName).toBeNull();
  });

  it('needs log.read and a shared group', async () => {
    const viewer = await addHumanWithToken(t, { name: 'viewer_v', roles: ['Viewer'], groupIds: [t.adminsGroupId] });
    await expectError(
      call(`${t.url}${apiPath('listRequestLogs', { domain: 'default', id: accountId })}`, { token: viewer.token }),
      403,
      'forbidden',
    );
    const other = await addServiceAccount(t, { name: 'elsewhere_bot', groupIds: [await addGroup(t, 'elsewhere')] });
    const body = await expectError(
      call(`${t.url}${apiPath('listRequestLogs', { domain: 'default', id: other.id })}`, { token: t.adminToken }),
      403,
      'not_same_group',
    );
    expect(body.error.message).toMatch(/same group/);
    await expectError(
      call(`${t.url}${apiPath('listRequestLogs', { domain: 'default', id: 'sa_missing' })}`, { token: t.adminToken }),
      404,
      'not_found',
    );
  });
});

describe('request-log retention', () => {
  it('deletes rows older than the age limit on the periodic prune', async () => {
    const t = await startTestServer('logs-age', { logRetentionDays: 7, logPruneIntervalMs: 20 });
    try {
      const account = await sharedAccount(t, 'aged_bot');
      const day = 24 * 3_600_000;
      await insertLog(t, { member: account.id, token: null, at: T0 - 8 * day, status: 200 });
      await insertLog(t, { member: account.id, token: null, at: T0 - 6 * day, status: 200 });
      await insertLog(t, { member: account.id, token: null, at: T0 - 1000, status: 200 });
      const count = async () =>
        await t.store.sql.value('SELECT count(*) FROM request_logs WHERE member_id = ?', [account.id]);
      await vi.waitFor(async () => expect(await count()).toBe(2));
      t.clock.advance(2 * day); // the 6-day-old row is now 8 days old
      await vi.waitFor(async () => expect(await count()).toBe(1));
    } finally {
      await t.close();
    }
  });

  it('keeps at most the count limit per account, the newest, right after inserts', async () => {
    // A long interval: only the trim after inserts can do it within this test.
    const t = await startTestServer('logs-count', { logRetentionCount: 5, logPruneIntervalMs: 3_600_000 });
    try {
      const account = await sharedAccount(t, 'busy_bot');
      const other = await sharedAccount(t, 'quiet_bot');
      await insertLog(t, { member: other.id, token: null, at: T0 - 1000, status: 200 });
      const { secret } = await createToken(t, account.id, { name: 'busy', expiresAt: null });
      for (let i = 0; i < 9; i++) {
        t.clock.advance(1000);
        expect((await call(t.url + apiPath('getMe'), { token: secret })).status).toBe(200);
      }
      const { seen } = await walk(t, account.id, 'limit=100');
      expect(seen).toHaveLength(5);
      // The newest five survive: the last request's time is the first row's.
      expect(seen[0]!.at).toBe(new Date(t.clock.now()).toISOString());
      expect(seen[4]!.at).toBe(new Date(t.clock.now() - 4000).toISOString());
      expect(await t.store.sql.value('SELECT count(*) FROM request_logs WHERE member_id = ?', [other.id])).toBe(1);
    } finally {
      await t.close();
    }
  });
});
