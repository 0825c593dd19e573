/**
 * A SQLite server with real data in every table, for the migration tests: demo accounts and tokens, and
 * through the API a bundle granted to a person and a group, a token made with an Idempotency-Key, a
 * rotation (a token that refers to its replacement), a deleted account (a tombstone), a personal token
 * and logged requests. Then, straight in the file, what the API cannot make: a 64-bit number past 2^53,
 * awkward text, and an AUTOINCREMENT counter ahead of the largest id (a deleted audit event).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { apiPath } from '../../src-shared/api/paths.js';
import { ADMINS_GROUP, DEFAULT_DOMAIN } from '../bootstrap.js';
import { DATABASE_FILE } from '../db/open.js';
import { seedDemo } from '../demo.js';
import { DEFAULT_TOKEN_POLICY } from '../../src-shared/token-policy.js';
import { autoSuspend } from '../policy/auto-suspend.js';
import { addHumanWithToken, call, send, startTestServer, type TestServer } from '../test-support.js';
import { createToken, rotateToken, sharedAccount } from '../token-test-support.js';

/** Larger than Number.MAX_SAFE_INTEGER: a JS number would round it to ...992. */
export const BIG = '9007199254740993';
/** Every JSON escape, non-ASCII and a line separator. */
export const AWKWARD = 'He said "hi" \\ back\n\ttab \u0001 — ✓ 😀 \u2028 end';

export interface SqliteServer {
  t: TestServer;
  file: string;
  /** sqlite_sequence's value for audit_events: larger than its largest id. */
  auditSequence: number;
}

/** Starts a test server (left running: the caller closes it) and fills its database. */
export async function buildSqliteServer(label: string): Promise<SqliteServer> {
  const t = await startTestServer(label);
  await seedDemo(t.store, { accounts: 40, tokensPerAccount: 3, seed: 7 });
  const domain = { domain: DEFAULT_DOMAIN };
  const ok = (reply: { status: number; body: unknown }, status = 200) => {
    if (reply.status !== status) throw new Error(`HTTP ${reply.status}: ${JSON.stringify(reply.body)}`);
  };

  ok(
    await send(t.url + apiPath('createBundle', domain), 'POST', t.adminToken, {
      name: 'readers',
      permissions: ['member.read'],
    }),
    201,
  );
  const person = await addHumanWithToken(t, { name: 'ann', roles: ['Viewer'] });
  ok(
    await send(t.url + apiPath('setMemberBundles', { ...domain, id: person.member.id }), 'PUT', t.adminToken, {
      bundles: ['readers'],
    }),
  );
  ok(
    await send(t.url + apiPath('setGroupBundles', { ...domain, name: ADMINS_GROUP }), 'PUT', t.adminToken, {
      bundles: ['readers'],
    }),
  );

  const account = await sharedAccount(t, 'migrating_bot', { roles: ['Deployment'] });
  const token = await createToken(
    t,
    account.id,
    { name: 'pipeline', expiresAt: null },
    { idempotencyKey: 'migrate-key-1' },
  );
  await rotateToken(t, account.id, 'pipeline', 3600);
  ok(await call(t.url + apiPath('getMe'), { token: token.secret }));
  ok(await call(t.url + apiPath('getMe'), { token: person.token }));
  const doomed = await sharedAccount(t, 'doomed_bot');
  ok(await send(t.url + apiPath('deleteServiceAccount', { ...domain, id: doomed.id }), 'DELETE', t.adminToken), 204);
  // Issue 15's tables and columns: a policy, a run of auto-suspend, a token revoked as leaked.
  const policy = { ...DEFAULT_TOKEN_POLICY, maxActiveTokensPerAccount: 50, autoSuspendAfterDaysUnused: 365 };
  ok(await send(t.url + apiPath('putTokenPolicy', domain), 'PUT', t.adminToken, policy));
  await autoSuspend(t.store);
  const leaked = await createToken(t, account.id, { name: 'leaked', expiresAt: t.clock.inDays(30) });
  ok(
    await call(t.url + apiPath('reportLeaks'), {
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify([{ token: leaked.secret, url: 'https://example.test/leak', source: 'content' }]),
    }),
  );
  await t.server.flushRequestLog();

  const file = join(t.dataDir, DATABASE_FILE);
  const db = new Database(file);
  try {
    db.prepare('UPDATE domains SET last_seq = ? WHERE id = ?').run(BigInt(BIG), t.domain.id);
    db.prepare('UPDATE members SET description = ? WHERE id = ?').run(AWKWARD, account.id);
    db.prepare('DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)').run();
    const auditSequence = db
      .prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'`)
      .pluck()
      .get() as number;
    return { t, file, auditSequence };
  } finally {
    db.close();
  }
}
