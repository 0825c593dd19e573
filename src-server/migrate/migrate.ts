/**
 * `npm run server:migrate-to-postgres`: copies a SQLite server's database into an empty PostgreSQL
 * database and proves the copy equal, table by table.
 *
 * 1. The SQLite side is a consistent private copy at this build's schema version (source.ts).
 * 2. The target gets PostgreSQL's migrations, and must hold no rows (tables the migrations themselves
 *    fill excepted, MIGRATION_SEEDED_TABLES), checked before the migrations and again under lock.
 * 3. In ONE transaction: every table, in foreign-key order, with the target's triggers off (the rows
 *    carry their derived columns already: list items, counts, auth version), sequences moved past the
 *    copied ids, triggers back on; then each table's count and digest on both sides (digest.ts).
 *    Any mismatch rolls the whole copy back, so a failed run leaves an empty database to try again.
 *
 * No table is skipped: the derived ones (token_list, members.list_item, the count columns) are built by
 * the PostgreSQL migrations only from rows present when they ran, which here is none, so they are copied.
 */
import pg from 'pg';
import { postgresPoolConfig, PostgresSql } from '../db/postgres.js';
import { PG_MIGRATIONS, runPostgresMigrations } from '../db/pg-migrations.js';
import { copyTable, resetSequences } from './copy.js';
import { digestPostgres, digestSqlite } from './digest.js';
import { BOOKKEEPING_TABLE, planCopy, postgresTables, quote, SchemaMismatch, type TablePlan } from './plan.js';
import { snapshotSqlite, type SqliteSnapshot } from './source.js';
import { redactedUrl } from './target-url.js';
import { TEXT_TYPES } from './values.js';

/**
 * Tables PostgreSQL's migrations fill themselves (auth_state's one row): not a sign of a used database.
 * Their rows are replaced by SQLite's. migrate.test.ts checks this list against a freshly migrated database.
 */
export const MIGRATION_SEEDED_TABLES: readonly string[] = ['auth_state'];

export interface MigrateOptions {
  /** The server's SQLite file. */
  sqliteFile: string;
  databaseUrl: string;
  /** Receives each line of the report. */
  out: (line: string) => void;
  /** For tests: runs in the copy's transaction after the copy, before the verification. */
  beforeVerify?: (client: pg.ClientBase) => Promise<void>;
}

export interface TableCheck {
  table: string;
  sqlite: { rows: number; digest: string };
  postgres: { rows: number; digest: string };
  ok: boolean;
}

/** The target already holds rows: nothing was written. */
export class TargetNotEmpty extends Error {
  constructor(table: string, rows: number) {
    super(
      `The target database is not empty: table ${table} has ${rows} row${rows === 1 ? '' : 's'}. ` +
        'Nothing was copied; give an empty database (CREATE DATABASE …).',
    );
    this.name = 'TargetNotEmpty';
  }
}

/** Counts or digests differ: the copy was rolled back. */
export class VerificationFailed extends Error {
  constructor(readonly mismatches: TableCheck[]) {
    super(
      `The copy does not match in ${mismatches.map((m) => m.table).join(', ')}; it was rolled back, ` +
        'so the target is as empty as before.',
    );
    this.name = 'VerificationFailed';
  }
}

export async function migrateToPostgres(options: MigrateOptions): Promise<TableCheck[]> {
  const { out } = options;
  out(`Target: ${redactedUrl(options.databaseUrl)}`);
  const client = new pg.Client({
    ...postgresPoolConfig(options.databaseUrl, 1),
    application_name: 'tokendesk-migrate',
    types: TEXT_TYPES,
  });
  await client.connect();
  try {
    // Before the snapshot, which takes a while on a large file: a used target is refused at once.
    await refuseIfNotEmpty(client);
    const source = await snapshotSqlite(options.sqliteFile);
    try {
      out(`Source: ${options.sqliteFile} (schema version ${source.sourceVersion}), read as one consistent snapshot.`);
      await migrateTarget(options.databaseUrl, source, client);
      const checks = await copyAndVerify(source, client, options);
      const rows = checks.reduce((sum, check) => sum + check.sqlite.rows, 0);
      out(`Copied ${checks.length} tables, ${rows} rows: counts and digests match.`);
      return checks;
    } finally {
      source.close();
    }
  } finally {
    await client.end();
  }
}

async function migrateTarget(url: string, source: SqliteSnapshot, client: pg.ClientBase): Promise<void> {
  const sql = new PostgresSql({ url, maxConnections: 1 });
  try {
    await runPostgresMigrations(sql);
  } finally {
    await sql.close();
  }
  const versions = (
    await client.query<{ version: string }>(`SELECT version FROM ${BOOKKEEPING_TABLE} ORDER BY version`)
  ).rows.map((row) => Number(row.version));
  const latest = Math.max(...PG_MIGRATIONS.map((m) => m.version));
  if (versions.some((v) => v > latest)) {
    throw new SchemaMismatch(
      `The target is at schema version ${Math.max(...versions)}, newer than this build knows (${latest}): ` +
        'run the migration with the TokenDesk version that wrote it',
    );
  }
  if (versions.join() !== source.versions.join()) {
    throw new SchemaMismatch(
      `The two databases record different migrations: SQLite ${source.versions.join(',')}, PostgreSQL ${versions.join(',')}`,
    );
  }
}

async function copyAndVerify(
  source: SqliteSnapshot,
  client: pg.ClientBase,
  options: MigrateOptions,
): Promise<TableCheck[]> {
  await client.query('BEGIN');
  try {
    await client.query("SET LOCAL bytea_output = 'hex'");
    const plan = await planCopy(source.db, client);
    // Writers wait until the copy commits (readers do not), so none can slip a row in after the check below.
    await client.query(`LOCK TABLE ${plan.map((p) => quote(p.name)).join(', ')} IN EXCLUSIVE MODE`);
    await refuseIfNotEmpty(client);
    options.out(`Copying ${plan.length} tables in one transaction…`);
    // DDL is transactional: other sessions never see the triggers off, and a rollback turns them back on.
    for (const table of plan) await client.query(`ALTER TABLE ${quote(table.name)} DISABLE TRIGGER USER`);
    for (const table of MIGRATION_SEEDED_TABLES) await client.query(`DELETE FROM ${quote(table)}`);
    for (const table of plan) {
      await copyTable(source.db, client, table);
      await resetSequences(source.db, client, table);
    }
    for (const table of plan) await client.query(`ALTER TABLE ${quote(table.name)} ENABLE TRIGGER USER`);
    await options.beforeVerify?.(client);

    const checks = await verify(source, client, plan);
    printChecks(checks, options.out);
    const mismatches = checks.filter((check) => !check.ok);
    if (mismatches.length > 0) throw new VerificationFailed(mismatches);
    await client.query('COMMIT');
    return checks;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function verify(source: SqliteSnapshot, client: pg.ClientBase, plan: TablePlan[]): Promise<TableCheck[]> {
  const checks: TableCheck[] = [];
  for (const table of plan) {
    const sqlite = digestSqlite(source.db, table);
    const postgres = await digestPostgres(client, table);
    checks.push({
      table: table.name,
      sqlite,
      postgres,
      ok: sqlite.rows === postgres.rows && sqlite.digest === postgres.digest,
    });
  }
  return checks;
}

/** Every table but the bookkeeping and the seeded ones must be empty; the first that is not is named. */
async function refuseIfNotEmpty(client: pg.ClientBase): Promise<void> {
  for (const table of await postgresTables(client)) {
    if (MIGRATION_SEEDED_TABLES.includes(table)) continue;
    const any = await client.query<{ any: string }>(`SELECT EXISTS (SELECT 1 FROM ${quote(table)}) AS any`);
    if (any.rows[0]?.any !== 't') continue;
    const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`);
    throw new TargetNotEmpty(table, Number(count.rows[0]?.n));
  }
}

/** Digests are shown by their first 16 hex digits; they are compared in full. */
const SHOWN_DIGITS = 16;

function printChecks(checks: TableCheck[], out: (line: string) => void): void {
  const rows = [
    ['table', 'rows', 'sqlite-digest', 'postgres-digest', 'ok'],
    ...checks.map((c) => [
      c.table,
      c.sqlite.rows === c.postgres.rows ? String(c.sqlite.rows) : `${c.sqlite.rows}≠${c.postgres.rows}`,
      c.sqlite.digest.slice(0, SHOWN_DIGITS),
      c.postgres.digest.slice(0, SHOWN_DIGITS),
      c.ok ? 'ok' : 'MISMATCH',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) {
    out(
      row
        .map((cell, i) => (i === 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    );
  }
}
