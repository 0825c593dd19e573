/**
 * PostgreSQL's migrations: the same numbers and names as SQLite's (migrations.ts), each one's
 * PostgreSQL text in the schema-0NN-*.pg.ts file beside its SQLite twin. pg-migrations.test.ts checks
 * that the two lists agree, so a migration added to one and forgotten in the other fails a test.
 */
import type { Migration } from './migrations.js';
import type { PostgresSql } from './postgres.js';
import { PG_INITIAL_SCHEMA } from './schema-001-initial.pg.js';
import { PG_MEMBER_DELETION_SCHEMA } from './schema-002-member-deletion.pg.js';
import { PG_AUDIT_SUBJECT_SCHEMA } from './schema-003-audit-subject.pg.js';
import { PG_RATE_AND_LOG_LIMITS_SCHEMA } from './schema-004-rate-and-log-limits.pg.js';
import { PG_AUTH_VERSION_SCHEMA } from './schema-005-auth-version.pg.js';
import { PG_ACCOUNT_COUNT_SCHEMA } from './schema-006-account-count.pg.js';
import { PG_TOKEN_LIST_ROWS_SCHEMA } from './schema-007-token-list-rows.pg.js';
import { PG_LIST_ITEM_SCHEMA } from './schema-008-list-item.pg.js';
import { PG_GROUP_MEMBER_COUNT_SCHEMA } from './schema-009-group-member-count.pg.js';
import { PG_BUNDLES_SCHEMA } from './schema-010-bundles.pg.js';
import { PG_LIST_ITEM_OVERRIDES_SCHEMA } from './schema-011-list-item-overrides.pg.js';
import { PG_CLUSTER_SCHEMA } from './schema-012-cluster.pg.js';
import { PG_TOKEN_POLICY_SCHEMA } from './schema-013-token-policy.pg.js';

/** Append only, like MIGRATIONS: a released migration never changes. */
export const PG_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: PG_INITIAL_SCHEMA },
  { version: 2, name: 'member_deletion', sql: PG_MEMBER_DELETION_SCHEMA },
  { version: 3, name: 'audit_subject', sql: PG_AUDIT_SUBJECT_SCHEMA },
  { version: 4, name: 'rate_and_log_limits', sql: PG_RATE_AND_LOG_LIMITS_SCHEMA },
  { version: 5, name: 'auth_version', sql: PG_AUTH_VERSION_SCHEMA },
  { version: 6, name: 'account_count', sql: PG_ACCOUNT_COUNT_SCHEMA },
  { version: 7, name: 'token_list_rows', sql: PG_TOKEN_LIST_ROWS_SCHEMA },
  { version: 8, name: 'list_item', sql: PG_LIST_ITEM_SCHEMA },
  { version: 9, name: 'group_member_count', sql: PG_GROUP_MEMBER_COUNT_SCHEMA },
  { version: 10, name: 'bundles', sql: PG_BUNDLES_SCHEMA },
  { version: 11, name: 'list_item_overrides', sql: PG_LIST_ITEM_OVERRIDES_SCHEMA },
  { version: 12, name: 'cluster', sql: PG_CLUSTER_SCHEMA },
  { version: 13, name: 'token_policy', sql: PG_TOKEN_POLICY_SCHEMA },
];

/**
 * The advisory lock every instance takes before it looks at or applies a migration, so instances that
 * start together apply each one exactly once (the others wait, then find it recorded). Any fixed number
 * works as long as nothing else in the database uses it: 'TDMI' read as bytes.
 */
export const MIGRATION_LOCK_KEY = 0x54_44_4d_49;

/** The same table shape as SQLite's, so tools and tests read both the same way. */
const CREATE_VERSIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own transaction that
 * holds MIGRATION_LOCK_KEY (DDL is transactional in PostgreSQL: a failing step leaves nothing behind,
 * and the versions before it stay applied). Returns the versions applied by this call.
 */
export async function runPostgresMigrations(
  sql: PostgresSql,
  migrations: readonly Migration[] = PG_MIGRATIONS,
): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await sql.lockedTransaction(MIGRATION_LOCK_KEY, async () => {
      // Inside the lock: two instances creating the table at once would collide in the catalogue.
      await sql.exec(CREATE_VERSIONS_TABLE);
      const recorded = await sql.value<number>('SELECT version FROM schema_migrations WHERE version = ?', [
        migration.version,
      ]);
      if (recorded !== undefined) return false;
      await sql.exec(migration.sql);
      await sql.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
