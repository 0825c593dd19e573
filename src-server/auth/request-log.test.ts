import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../db/open.js';
import { call, databaseFingerprint, startTestServer } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, me, request, sharedAccount, tokenUrl } from '../token-test-support.js';
import { lockPostgresTables } from '../test-backend.js';

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

  const rowsOf = async (memberId: string) =>
    await t.store.sql.all<LogRow>(
      'SELECT token_id, method, path, status, client_address, at FROM request_logs WHERE member_id = ? ORDER BY id',
      [memberId],
    );

  it('writes a row per request: time, token, method, path without query, status, client address', async () => {
    const account = await sharedAccount(t, 'logged_bot');
    const { token, secret } = await createToken(t, account.id, { name: 'logger', expiresAt: null, maxRps: 2 });
    expect(
      (await call(`${t.url}/api/v1/domains/default/service-accounts?search=logged`, { token: secret })).status,
    ).toBe(200);
    expect((await call(`${t.url}/api/v1/auth/service-accounts/${account.id}/tokens`, { token: secret })).status).toBe(
      403,
    );
    expect((await me(t, `Bearer ${secret}`)).status).toBe(429); // third within the second: over maxRps 2
    await vi.waitFor(async () => expect(await rowsOf(account.id)).toHaveLength(3));
    const rows = await rowsOf(account.id);
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
    const account = await sharedAccount(t, 'refused_bot');
    const { secret } = await createToken(t, account.id, { name: 'paused', expiresAt: null });
    await request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'paused'), { status: 'SUSPENDED' });
    expect((await me(t, `Bearer ${secret}`)).status).toBe(401);
    await vi.waitFor(async () => expect((await rowsOf(account.id)).map((r) => r.status)).toEqual([401]));
    const total = async () => ((await t.store.sql.get('SELECT count(*) AS n FROM request_logs')) as { n: number }).n;
    const before = await total();
    expect((await me(t, `Bearer ${t.adminToken}`)).status).toBe(200); // a personal token
    expect((await me(t, 'Bearer tdk_sa_000000000000000000000000000000000000')).status).toBe(401);
    await t.server.flushRequestLog();
    expect(await total()).toBe(before);
  });

  it("the tests' database fingerprint holds an answered request's entry at once (it flushes the server's queue)", async () => {
    const account = await sharedAccount(t, 'fingerprinted_bot');
    const { secret } = await createToken(t, account.id, { name: 'seen', expiresAt: null });
    const before = (await databaseFingerprint(t.store)).counts.request_logs ?? 0;
    expect((await me(t, `Bearer ${secret}`)).status).toBe(200);
    // No wait: the entry was queued before the answer left, and the fingerprint writes the queue.
    expect((await databaseFingerprint(t.store)).counts.request_logs).toBe(before + 1);
  });
});

describe('request log at shutdown', () => {
  /** Another process holding the database's write lock for `ms` (a bulk import, a second server). */
  async function lockFor(file: string, ms: number): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
         db.exec('BEGIN IMMEDIATE'); console.log('locked');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', () => reject(new Error('the locking process exited first')));
    });
  }

  it('a graceful close writes every queued entry, even while another process holds the write lock', async () => {
    const t = await startTestServer('request-log-close');
    const account = await sharedAccount(t, 'closing_bot');
    const { secret } = await createToken(t, account.id, { name: 'busy', expiresAt: null });
    expect((await me(t, `Bearer ${secret}`)).status).toBe(200); // records first use now, not at close
    await t.server.flushRequestLog();
    // The lock is taken first, so the entries are still queued (their writes found the database busy).
    // SQLite: another process holds the file's write lock; PostgreSQL: another session the log's table.
    if (typeof t.database === 'string') {
      await lockFor(join(t.dataDir, DATABASE_FILE), 1500);
    } else {
      const release = await lockPostgresTables(t.database.databaseUrl, ['request_logs']);
      setTimeout(() => void release(), 1500);
    }
    const replies = await Promise.all(Array.from({ length: 40 }, () => me(t, `Bearer ${secret}`)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    await t.server.close();
    const count = await t.store.sql.value('SELECT count(*) FROM request_logs WHERE member_id = ?', [account.id]);
    expect(count).toBe(41);
    await t.close();
  });
});
