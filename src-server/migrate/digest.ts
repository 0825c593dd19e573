/**
 * A table's row count and SHA-256, computed the same way on each side from that side's own rows: every
 * row in primary-key order, as a JSON array of its values' canonical text (values.ts) in the plan's
 * column order, one line each. Text keys sort by their bytes on both sides (SQLite's BINARY, PostgreSQL's
 * "C"), so equal tables give equal digests.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { quote, type TablePlan } from './plan.js';
import { canonicalPostgres, canonicalSqlite, type SqliteValue } from './values.js';

export interface TableDigest {
  rows: number;
  /** SHA-256, hex. */
  digest: string;
}

const FETCH_ROWS = 2000;

export function digestSqlite(db: Database.Database, plan: TablePlan): TableDigest {
  const order = orderBy(plan, (c) => (c.kind === 'text' ? ' COLLATE BINARY' : ''));
  const statement = db
    .prepare(`SELECT ${plan.columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(plan.name)} ORDER BY ${order}`)
    .raw(true)
    .safeIntegers(true);
  const hash = createHash('sha256');
  let rows = 0;
  for (const row of statement.iterate() as Iterable<SqliteValue[]>) {
    hash.update(`${JSON.stringify(row.map((value, i) => canonicalSqlite(value, plan.columns[i]!.kind)))}\n`);
    rows++;
  }
  return { rows, digest: hash.digest('hex') };
}

/** Reads through a cursor, so a large table is never held in memory. Runs inside the caller's transaction. */
export async function digestPostgres(client: pg.ClientBase, plan: TablePlan): Promise<TableDigest> {
  const order = orderBy(plan, (c) => (c.kind === 'text' ? ' COLLATE "C"' : ''));
  await client.query(
    `DECLARE td_digest NO SCROLL CURSOR FOR
     SELECT ${plan.columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(plan.name)} ORDER BY ${order}`,
  );
  const hash = createHash('sha256');
  let rows = 0;
  for (;;) {
    const batch = await client.query<(string | null)[]>({
      text: `FETCH ${FETCH_ROWS} FROM td_digest`,
      rowMode: 'array',
    });
    for (const row of batch.rows) {
      hash.update(`${JSON.stringify(row.map((value, i) => canonicalPostgres(value, plan.columns[i]!.kind)))}\n`);
      rows++;
    }
    if (batch.rows.length < FETCH_ROWS) break;
  }
  // Not in a finally: after an error the transaction is aborted and rolls back, cursor and all.
  await client.query('CLOSE td_digest');
  return { rows, digest: hash.digest('hex') };
}

/** The primary key, or every column when a table has none (then equal rows are interchangeable anyway). */
function orderBy(plan: TablePlan, collate: (column: TablePlan['columns'][number]) => string): string {
  const keys = plan.primaryKey.length > 0 ? plan.primaryKey : plan.columns.map((c) => c.name);
  return keys.map((name) => `${quote(name)}${collate(plan.columns.find((c) => c.name === name)!)}`).join(', ');
}
