/**
 * Parity of the migrations' own data fills: rows written under an older schema, then the later
 * migrations, on SQLite and on PostgreSQL. Covers what each migration computes from existing rows:
 * audit subjects (3), rotation lineages and clamped expiries (4), account counts (6), token list rows
 * out of tokens_json (7), list items (8, rebuilt by 11) and group member counts (9).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS, runPostgresMigrations } from './pg-migrations.js';
import { dumpPostgres, dumpSqlite, SqliteSide } from './pg-parity-test-support.js';
import { testPostgres } from './pg-test-support.js';
import type { PostgresSql } from './postgres.js';
import type { SqlValue } from './sql.js';

const T = (n: number) => `2026-03-01T12:00:${String(n).padStart(2, '0')}.000Z`;
const FAR = '+010000-01-01T00:00:00.000Z';
const AWKWARD = 'quote " backslash \\ newline \n control \u0002 — ✓ 😀';

/** Rows as a release at migration 2 wrote them (tokens_json on the account, no lineage, no counts). */
const AT_VERSION_2: [string, SqlValue[]][] = [
  ["INSERT INTO domains (id, name, created_at) VALUES ('d1', 'Main', ?), ('d2', 'Other', ?)", [T(0), T(0)]],
  [
    `INSERT INTO members (id, domain_id, type, name, description, created_by, created_at, updated_by, updated_at,
       token_count, next_expiry, tokens_json, roles_json, groups_json)
     VALUES ('h1', 'd1', 'HUMAN', 'alice', '', 'admin', ?, 'admin', ?, 0, NULL, '[]', '[]', '[]'),
            ('sa1', 'd1', 'SERVICE_ACCOUNT', 'bot-1', ?, 'admin', ?, 'admin', ?, 2, ?, ?, '["Viewer", "Admin"]', ?),
            ('sa2', 'd2', 'SERVICE_ACCOUNT', 'bot-2', '', 'admin', ?, 'admin', ?, 0, NULL, '[]', '[]', '[]')`,
    [
      T(1),
      T(1),
      AWKWARD,
      T(1),
      T(1),
      FAR,
      '[ {"id":"t1", "name":"a b","createdAt":"2026-03-01T12:00:02.000Z","expiresAt":"+010000-01-01T00:00:00.000Z"},\n {"id":"t2","createdAt":"2026-03-01T12:00:03.000Z","n":1.50} ]',
      '[["g1","Ops"],["g2","Dev \\"x\\""]]',
      T(1),
      T(1),
    ],
  ],
  [
    "INSERT INTO groups (id, domain_id, name, created_by, created_at) VALUES ('g1', 'd1', 'Ops', 'admin', ?), ('g2', 'd1', 'Dev', 'admin', ?)",
    [T(1), T(1)],
  ],
  [
    "INSERT INTO group_members (group_id, member_id, added_at) VALUES ('g1', 'h1', ?), ('g1', 'sa1', ?), ('g2', 'sa1', ?)",
    [T(1), T(1), T(1)],
  ],
  // A rotation chain t1 -> t2 -> t3 (inserted from its end, for the foreign key), an expiry past year
  // 9999 and a personal token.
  ...(['t3', 't2', 't1'] as const).map((id, i): [string, SqlValue[]] => [
    `INSERT INTO tokens (id, member_id, kind, name, digest, hint, created_by, created_at, replaced_by)
     VALUES (?, 'sa1', 'sa', ?, ?, 'h', 'admin', ?, ?)`,
    [id, `token ${id}`, `digest-${id}`, T(2), i === 0 ? null : ['t3', 't2'][i - 1]!],
  ]),
  [
    "INSERT INTO tokens (id, member_id, kind, name, digest, hint, created_by, created_at, expires_at) VALUES ('t4', 'sa1', 'sa', 'far', 'digest-t4', 'h', 'admin', ?, ?)",
    [T(3), FAR],
  ],
  [
    "INSERT INTO tokens (id, member_id, kind, name, digest, hint, created_by, created_at) VALUES ('t5', 'h1', 'pt', 'mine', 'digest-t5', 'h', 'h1', ?)",
    [T(3)],
  ],
  [
    `INSERT INTO audit_events (domain_id, at, actor_id, actor_name, action, target_type, target_id, details) VALUES
       ('d1', ?, 'admin', 'Admin', 'a', 'service_account', 'sa1', '{}'),
       ('d1', ?, 'admin', 'Admin', 'a', 'member', 'h1', '{}'),
       ('d1', ?, 'admin', 'Admin', 'a', 'token', 't1', '{"after":{"serviceAccountId":"sa2"}}'),
       ('d1', ?, 'admin', 'Admin', 'a', 'token', 't1', '{"before":{"serviceAccountId":"sa1"}}'),
       ('d1', ?, 'admin', 'Admin', 'a', 'token', 't4', '{"after":{}}'),
       ('d1', ?, 'h1', 'alice', 'a', 'personal_token', 't5', '{}'),
       ('d1', ?, 'h1', 'alice', 'a', 'personal_token', 'gone', '{}'),
       ('d1', ?, 'admin', 'Admin', 'a', 'group', 'g1', '{}')`,
    [T(4), T(4), T(4), T(4), T(4), T(4), T(4), T(4)],
  ],
];

/** Rows written at migration 7, before list items existed. */
const AT_VERSION_7: [string, SqlValue[]][] = [
  [
    `INSERT INTO members (id, domain_id, type, name, created_by, created_at, updated_by, updated_at, roles_json, groups_json)
     VALUES ('sa3', 'd1', 'SERVICE_ACCOUNT', 'bot-3', 'admin', ?, 'admin', ?, '["Zed","Deployment","Admin"]', '[["g1",null]]')`,
    [T(5), T(5)],
  ],
  ['UPDATE members SET roles_json = \'["Power User","Viewer"]\', next_expiry = ? WHERE id = \'sa1\'', [T(9)]],
  ["INSERT INTO group_members (group_id, member_id, added_at) VALUES ('g2', 'sa3', ?)", [T(5)]],
];

const pgDb = testPostgres();

// Skipped only when no PostgreSQL cluster is given, by hand (one loud notice per run); under CI=true
// testPostgres() adds a failing test in its place instead, so a lost cluster cannot pass as a skip.
describe.skipIf(pgDb.skip)('PostgreSQL migrations over existing rows, against SQLite', () => {
  let pg: PostgresSql;
  let lite: SqliteSide;
  const migratePg = (upTo = Infinity) =>
    runPostgresMigrations(
      pg,
      PG_MIGRATIONS.filter((m) => m.version <= upTo),
    );
  const write = async (statements: [string, SqlValue[]][]) => {
    for (const [sql, params] of statements) {
      await lite.run(sql, params);
      await pg.run(sql, params);
    }
  };

  beforeAll(async () => {
    pg = await pgDb.open();
    lite = await SqliteSide.open(2);
    await migratePg(2);
  });
  afterAll(() => lite?.close());

  it('fill in the same values as SQLite', async () => {
    await write(AT_VERSION_2);
    expect(await dumpPostgres(pg)).toEqual(await dumpSqlite(lite));

    await lite.migrate(7);
    await migratePg(7);
    const at7 = await dumpPostgres(pg);
    expect(at7).toEqual(await dumpSqlite(lite));
    // The fills did something: lineages, clamped expiries, token rows, counts, audit subjects.
    expect(at7.token_list!.rows).toHaveLength(2);
    expect(at7.tokens!.rows.join()).toContain('9999-12-31T23:59:59.999Z');
    expect(at7.audit_events!.rows.join()).toContain('"sa2"');

    await write(AT_VERSION_7);
    await lite.migrate();
    await migratePg();
    const at11 = await dumpPostgres(pg);
    expect(at11).toEqual(await dumpSqlite(lite));
    expect(at11.members!.rows.join()).toContain('\\"tokenCount\\"');
  });
});
