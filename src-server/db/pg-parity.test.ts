/**
 * Parity of the two schemas: the same statements, run on SQLite (its migrations) and on PostgreSQL
 * (pg-migrations.ts), must leave the same rows in every table, trigger-maintained columns included:
 * auth_state.version (migrations 5, 10), domains.service_accounts (6), members.list_item byte for
 * byte (8, 11), groups.members_total (9), the person-override refusal (10), cascades and checks (1).
 * Tables are compared after every step, so a difference names the statement that made it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpPostgres, dumpSqlite, SqliteSide } from './pg-parity-test-support.js';
import { testPostgres } from './pg-test-support.js';
import type { PostgresSql } from './postgres.js';
import type { SqlValue } from './sql.js';

interface Step {
  what: string;
  sql: string;
  params?: SqlValue[];
  /** The statement must be refused by both databases. */
  refused?: true;
}

const T = (n: number) => `2026-03-01T12:00:${String(n).padStart(2, '0')}.000Z`;
const LATER = '2026-04-01T00:00:00.000Z';
/** Quotes, a backslash, control characters, non-ASCII and a line separator: every escape JSON has. */
const AWKWARD = 'He said "hi" \\ back\n\ttab \u0001 \u001f — ✓ 😀 \u2028 end';

const MEMBER_COLUMNS =
  'id, domain_id, type, name, description, created_by, created_at, updated_by, updated_at, roles_json, groups_json, token_count, next_expiry';
const member = (
  id: string,
  domain: string,
  type: 'HUMAN' | 'SERVICE_ACCOUNT',
  name: string,
  extra: { description?: string; roles?: string; groups?: string; tokens?: number; nextExpiry?: string | null } = {},
): Step => ({
  what: `insert ${type} ${id}`,
  sql: `INSERT INTO members (${MEMBER_COLUMNS}) VALUES (?, ?, ?, ?, ?, 'admin', ?, 'admin', ?, ?, ?, ?, ?)`,
  params: [
    id,
    domain,
    type,
    name,
    extra.description ?? '',
    T(1),
    T(1),
    extra.roles ?? '[]',
    extra.groups ?? '[]',
    extra.tokens ?? 0,
    extra.nextExpiry ?? null,
  ],
});
const token = (id: string, memberId: string, kind: 'sa' | 'pt', digest: string): Step => ({
  what: `insert token ${id}`,
  sql: `INSERT INTO tokens (id, member_id, kind, name, expires_at, max_rps, roles, digest, hint, created_by, created_at, lineage_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'abcd', 'admin', ?, ?)`,
  params: [id, memberId, kind, `token ${id}`, LATER, kind === 'sa' ? 10 : null, '["Viewer"]', digest, T(2), id],
});

const STEPS: Step[] = [
  {
    what: 'domains',
    sql: "INSERT INTO domains (id, name, created_at) VALUES ('d1', 'Main', ?), ('d2', 'Other', ?)",
    params: [T(0), T(0)],
  },
  member('h1', 'd1', 'HUMAN', 'alice'),
  member('sa1', 'd1', 'SERVICE_ACCOUNT', 'bot-1', {
    description: AWKWARD,
    roles: '["Viewer","Admin","Power User"]',
    groups: '[["g1","Beta"],["g2","Alpha \\"q\\""]]',
  }),
  member('sa2', 'd1', 'SERVICE_ACCOUNT', 'bot-2', {
    roles: '["Zed","Deployment","Admin"]',
    tokens: 2,
    nextExpiry: LATER,
  }),
  member('sa3', 'd2', 'SERVICE_ACCOUNT', 'bot-3 ✓', { groups: '[["g9",null]]' }),
  // A person's name must not be taken twice in one domain.
  { ...member('dup', 'd1', 'HUMAN', 'alice'), refused: true },
  {
    what: 'rename (list item, auth)',
    sql: "UPDATE members SET name = 'bot-1b', updated_at = ? WHERE id = 'sa1'",
    params: [T(3)],
  },
  {
    what: 'summary only (list item tail)',
    sql: "UPDATE members SET token_count = token_count + 1, next_expiry = ? WHERE id = 'sa1'",
    params: [LATER],
  },
  {
    what: 'summary and item together',
    sql: "UPDATE members SET description = ?, token_count = 7, next_expiry = NULL WHERE id = 'sa2'",
    params: [AWKWARD.toUpperCase()],
  },
  { what: 'columns no trigger watches', sql: "UPDATE members SET seq = 5, description_lc = 'x' WHERE id = 'sa1'" },
  {
    what: 'overrides (kept compact in the item)',
    sql: "UPDATE members SET grants = ?, denies = ? WHERE id = 'sa1'",
    params: ['[ "token.read" ,\n "log.read" ]', '["audit.read"]'],
  },
  { what: 'overrides on a person', sql: "UPDATE members SET grants = '[\"x\"]' WHERE id = 'h1'", refused: true },
  {
    what: 'overrides that are not a list',
    sql: "UPDATE members SET grants = '{\"a\":1}' WHERE id = 'sa1'",
    refused: true,
  },
  { what: 'overrides that are not JSON', sql: "UPDATE members SET denies = '[' WHERE id = 'sa1'", refused: true },
  { what: 'account becomes a person (count, item kept)', sql: "UPDATE members SET type = 'HUMAN' WHERE id = 'sa2'" },
  { what: "a person's summary (no item)", sql: "UPDATE members SET token_count = 9 WHERE id = 'sa2'" },
  {
    what: 'person becomes an account again (item rebuilt)',
    sql: "UPDATE members SET type = 'SERVICE_ACCOUNT' WHERE id = 'sa2'",
  },
  { what: 'account moves domain', sql: "UPDATE members SET domain_id = 'd2' WHERE id = 'sa1'" },
  {
    what: 'several rows at once',
    sql: "UPDATE members SET enabled = 0, basic_auth_enabled = 1 WHERE domain_id = 'd1'",
  },
  {
    what: 'roles',
    sql: "INSERT INTO member_roles (member_id, role) VALUES ('sa1', 'Admin'), ('sa1', 'Viewer'), ('h1', 'Viewer')",
  },
  {
    what: 'role already held',
    sql: "INSERT INTO member_roles (member_id, role) VALUES ('sa1', 'Admin') ON CONFLICT DO NOTHING",
  },
  {
    what: 'role not in the list',
    sql: "INSERT INTO member_roles (member_id, role) VALUES ('h1', 'Owner')",
    refused: true,
  },
  { what: 'role changed', sql: "UPDATE member_roles SET role = 'Deployment' WHERE member_id = 'h1'" },
  { what: 'role removed', sql: "DELETE FROM member_roles WHERE member_id = 'sa1' AND role = 'Viewer'" },
  {
    what: 'groups',
    sql: "INSERT INTO groups (id, domain_id, name, created_by, created_at) VALUES ('g1', 'd1', 'Beta', 'admin', ?), ('g2', 'd1', 'Alpha', 'admin', ?), ('g3', 'd2', 'Third', 'admin', ?)",
    params: [T(4), T(4), T(4)],
  },
  {
    what: 'memberships',
    sql: "INSERT INTO group_members (group_id, member_id, added_at) VALUES ('g1', 'h1', ?), ('g1', 'sa2', ?), ('g2', 'sa2', ?), ('g3', 'sa3', ?)",
    params: [T(5), T(5), T(5), T(5)],
  },
  {
    what: 'membership already there',
    sql: "INSERT INTO group_members (group_id, member_id, added_at) VALUES ('g1', 'h1', ?) ON CONFLICT DO NOTHING",
    params: [T(6)],
  },
  {
    what: 'membership moved',
    sql: "UPDATE group_members SET group_id = 'g2' WHERE group_id = 'g1' AND member_id = 'h1'",
  },
  { what: 'membership touched', sql: "UPDATE group_members SET added_at = ? WHERE member_id = 'sa2'", params: [T(6)] },
  { what: 'membership removed', sql: "DELETE FROM group_members WHERE group_id = 'g2' AND member_id = 'sa2'" },
  { what: 'group renamed', sql: "UPDATE groups SET name = 'Beta 2' WHERE id = 'g1'" },
  { what: 'group described', sql: "UPDATE groups SET description = 'the second' WHERE id = 'g1'" },
  token('t1', 'sa2', 'sa', 'digest-1'),
  token('t2', 'sa2', 'sa', 'digest-2'),
  token('t3', 'h1', 'pt', 'digest-3'),
  { ...token('t4', 'sa2', 'sa', 'digest-1'), what: 'a digest twice', refused: true },
  {
    ...token('t5', 'sa2', 'sa', 'digest-5'),
    what: 'a live name twice',
    sql: token('t5', 'sa2', 'sa', 'digest-5').sql,
    params: ['t5', 'sa2', 'sa', 'token t1', LATER, 1, '[]', 'digest-5', T(2), 't5'],
    refused: true,
  },
  {
    ...token('t6', 'sa2', 'sa', 'digest-6'),
    what: 'roles that are not JSON',
    params: ['t6', 'sa2', 'sa', 'token t6', LATER, 1, 'nope', 'digest-6', T(2), 't6'],
    refused: true,
  },
  { what: 'rotation', sql: "UPDATE tokens SET replaced_by = 't2', grace_until = ? WHERE id = 't1'", params: [LATER] },
  {
    what: 'last use (no auth bump)',
    sql: "UPDATE tokens SET last_used_at = ?, last_used_from = '127.0.0.1' WHERE id = 't2'",
    params: [T(7)],
  },
  { what: 'suspension', sql: "UPDATE tokens SET status = 'SUSPENDED' WHERE id = 't3'" },
  { what: 'token deleted (replaced_by set null)', sql: "DELETE FROM tokens WHERE id = 't2'" },
  {
    what: 'token list rows',
    sql: "INSERT INTO token_list (member_id, created_at, token_id, meta) VALUES ('sa2', ?, 't1', '{\"id\":\"t1\"}')",
    params: [T(2)],
  },
  {
    what: 'bundles',
    sql: "INSERT INTO bundles (id, domain_id, name, permissions, created_by, created_at, updated_by, updated_at) VALUES ('b1', 'd1', 'Readers', '[\"token.read\"]', 'admin', ?, 'admin', ?), ('b2', 'd1', 'Writers', '[\"token.manage\",\"log.read\"]', 'admin', ?, 'admin', ?)",
    params: [T(8), T(8), T(8), T(8)],
  },
  {
    what: 'a bundle with no permission',
    sql: "INSERT INTO bundles (id, domain_id, name, permissions, created_by, created_at, updated_by, updated_at) VALUES ('b3', 'd1', 'Empty', '[]', 'admin', ?, 'admin', ?)",
    params: [T(8), T(8)],
    refused: true,
  },
  {
    what: 'a bundle whose permissions are not JSON',
    sql: "INSERT INTO bundles (id, domain_id, name, permissions, created_by, created_at, updated_by, updated_at) VALUES ('b3', 'd1', 'Bad', 'x', 'admin', ?, 'admin', ?)",
    params: [T(8), T(8)],
    refused: true,
  },
  { what: 'bundle permissions changed', sql: "UPDATE bundles SET permissions = '[\"log.read\"]' WHERE id = 'b1'" },
  { what: 'bundle described', sql: "UPDATE bundles SET description = 'for reading' WHERE id = 'b1'" },
  { what: 'bundles held', sql: "INSERT INTO member_bundles (member_id, bundle_id) VALUES ('sa2', 'b1'), ('h1', 'b2')" },
  { what: 'bundle held changed', sql: "UPDATE member_bundles SET bundle_id = 'b2' WHERE member_id = 'sa2'" },
  {
    what: 'bundles held by groups',
    sql: "INSERT INTO group_bundles (group_id, bundle_id) VALUES ('g1', 'b1'), ('g2', 'b2')",
  },
  { what: 'bundle held by a group changed', sql: "UPDATE group_bundles SET bundle_id = 'b1' WHERE group_id = 'g2'" },
  { what: 'bundle deleted (cascades)', sql: "DELETE FROM bundles WHERE id = 'b2'" },
  {
    what: 'audit events',
    sql: "INSERT INTO audit_events (domain_id, at, actor_id, actor_name, action, target_type, target_id, details, subject_id) VALUES ('d1', ?, 'admin', 'Admin', 'token.create', 'token', 't1', '{\"after\":{\"serviceAccountId\":\"sa2\"}}', 'sa2'), ('d1', ?, NULL, 'system', 'x', 'group', NULL, '{}', NULL)",
    params: [T(9), T(9)],
  },
  {
    what: 'request logs',
    sql: "INSERT INTO request_logs (member_id, token_id, at, method, path, status, client_address, count, bucket) VALUES ('sa2', 't1', ?, 'GET', '/x', 200, '127.0.0.1', 1, NULL), ('sa2', 't1', ?, 'GET', '/x', 429, NULL, 3, '2026-03-01T12:00:10')",
    params: [T(10), T(10)],
  },
  {
    what: 'refusals counted into their bucket',
    sql: "INSERT INTO request_logs (member_id, token_id, at, method, path, status, count, bucket) VALUES ('sa2', 't1', ?, 'GET', '/x', 429, 1, '2026-03-01T12:00:10') ON CONFLICT (token_id, status, bucket) WHERE bucket IS NOT NULL DO UPDATE SET count = request_logs.count + excluded.count",
    params: [T(10)],
  },
  {
    what: 'idempotency key',
    sql: "INSERT INTO idempotency_keys (member_id, key, method, path, request_hash, status, response, resource_id, created_at) VALUES ('h1', 'k1', 'POST', '/t', 'h', 201, '{\"id\":\"t3\"}', 't3', ?)",
    params: [T(11)],
  },
  {
    what: 'tombstone',
    sql: "INSERT INTO sa_tombstones (id, domain_id, name, seq, deleted_by, deleted_at) VALUES ('gone', 'd1', 'old-bot', 3, 'admin', ?)",
    params: [T(12)],
  },
  { what: 'domain renamed', sql: "UPDATE domains SET name = 'Main 2' WHERE id = 'd1'" },
  {
    what: 'next seq (no auth bump)',
    sql: "UPDATE domains SET last_seq = last_seq + 1 WHERE id = 'd1' RETURNING last_seq",
  },
  { what: 'account deleted (cascades)', sql: "DELETE FROM members WHERE id = 'sa2'" },
  { what: 'group deleted (cascades)', sql: "DELETE FROM groups WHERE id = 'g1'" },
  { what: 'domain deleted (cascades)', sql: "DELETE FROM domains WHERE id = 'd1'" },
];

const pgDb = testPostgres();

// Skipped only when no PostgreSQL cluster is given, by hand (one loud notice per run); under CI=true
// testPostgres() adds a failing test in its place instead, so a lost cluster cannot pass as a skip.
describe.skipIf(pgDb.skip)('the PostgreSQL schema against the SQLite one', () => {
  let pg: PostgresSql;
  let lite: SqliteSide;
  beforeAll(async () => {
    pg = await pgDb.open({ migrated: true });
    lite = await SqliteSide.open();
  });
  afterAll(() => lite?.close());

  const pgSnapshot = () => dumpPostgres(pg);
  const liteSnapshot = () => dumpSqlite(lite);

  it('starts with the same tables, columns and rows', async () => {
    expect(await pgSnapshot()).toEqual(await liteSnapshot());
  });

  it('leaves the same rows after every statement of a life of a domain', async () => {
    for (const [index, step] of STEPS.entries()) {
      const label = `step ${index + 1}: ${step.what}`;
      const params = step.params ?? [];
      const outcomes = await Promise.all([
        lite.run(step.sql, params).then(
          () => 'ok',
          (error: Error) => `refused (${error.message})`,
        ),
        pg.run(step.sql, params).then(
          () => 'ok',
          (error: Error) => `refused (${error.message})`,
        ),
      ]);
      expect(
        outcomes.map((o) => o.startsWith('refused')),
        `${label}: ${outcomes.join(' / ')}`,
      ).toEqual(step.refused ? [true, true] : [false, false]);
      expect(await pgSnapshot(), label).toEqual(await liteSnapshot());
    }
    // The steps did reach what they are about: the domain's accounts, counts and list items were there.
    const version = await pg.column<number>('SELECT version FROM auth_state');
    expect(version[0]).toBeGreaterThan(20);
  });
});
