import { INITIAL_SCHEMA } from './schema-001-initial.js';
import { MEMBER_DELETION_SCHEMA } from './schema-002-member-deletion.js';
import { AUDIT_SUBJECT_SCHEMA } from './schema-003-audit-subject.js';
import { RATE_AND_LOG_LIMITS_SCHEMA } from './schema-004-rate-and-log-limits.js';
import { AUTH_VERSION_SCHEMA } from './schema-005-auth-version.js';
import { ACCOUNT_COUNT_SCHEMA } from './schema-006-account-count.js';
import { TOKEN_LIST_ROWS_SCHEMA } from './schema-007-token-list-rows.js';
import { LIST_ITEM_SCHEMA } from './schema-008-list-item.js';
import { GROUP_MEMBER_COUNT_SCHEMA } from './schema-009-group-member-count.js';
import { BUNDLES_SCHEMA } from './schema-010-bundles.js';
import { LIST_ITEM_OVERRIDES_SCHEMA } from './schema-011-list-item-overrides.js';
import { CLUSTER_SCHEMA } from './schema-012-cluster.js';
import { TOKEN_POLICY_SCHEMA } from './schema-013-token-policy.js';
import type { Sql } from './sql.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: a released migration never changes, a later change is a new numbered entry. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: INITIAL_SCHEMA },
  { version: 2, name: 'member_deletion', sql: MEMBER_DELETION_SCHEMA },
  { version: 3, name: 'audit_subject', sql: AUDIT_SUBJECT_SCHEMA },
  { version: 4, name: 'rate_and_log_limits', sql: RATE_AND_LOG_LIMITS_SCHEMA },
  { version: 5, name: 'auth_version', sql: AUTH_VERSION_SCHEMA },
  { version: 6, name: 'account_count', sql: ACCOUNT_COUNT_SCHEMA },
  { version: 7, name: 'token_list_rows', sql: TOKEN_LIST_ROWS_SCHEMA },
  { version: 8, name: 'list_item', sql: LIST_ITEM_SCHEMA },
  { version: 9, name: 'group_member_count', sql: GROUP_MEMBER_COUNT_SCHEMA },
  { version: 10, name: 'bundles', sql: BUNDLES_SCHEMA },
  { version: 11, name: 'list_item_overrides', sql: LIST_ITEM_OVERRIDES_SCHEMA },
  { version: 12, name: 'cluster', sql: CLUSTER_SCHEMA },
  { version: 13, name: 'token_policy', sql: TOKEN_POLICY_SCHEMA },
];

/**
 * Applies every migration not yet recorded in `schema_migrations`, all in one write transaction so two
 * processes starting on the same folder cannot both apply one, and a failing step leaves nothing behind.
 * Returns the versions applied by this call.
 */
export async function runMigrations(sql: Sql, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return sql.transaction(async () => {
    await sql.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT`);
    const done = new Set((await sql.column<number>('SELECT version FROM schema_migrations')).map(Number));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await sql.exec(migration.sql);
      await sql.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
