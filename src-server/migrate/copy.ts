/**
 * Copies one table's rows from the SQLite snapshot into PostgreSQL, in multi-row INSERTs, inside the
 * caller's transaction. The caller has switched the target's triggers off: the rows arrive complete,
 * derived columns included (list items, counts), exactly as SQLite holds them.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { quote, type TablePlan } from './plan.js';
import { toPostgres, type SqliteValue } from './values.js';

/** Rows per INSERT: many rows per round trip, well under PostgreSQL's 65,535 parameters per statement. */
export const MAX_BATCH_ROWS = 500;
const MAX_PARAMETERS = 30_000;

/** Inserts every row of `plan`'s table; returns how many. */
export async function copyTable(db: Database.Database, client: pg.ClientBase, plan: TablePlan): Promise<number> {
  const names = plan.columns.map((c) => c.name);
  const batchRows = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / names.length)));
  const selfRefs = plan.columns.flatMap((c, i) => (plan.selfReferences.includes(c.name) ? [i] : []));
  const keyIndexes = plan.primaryKey.map((k) => names.indexOf(k));
  if (selfRefs.length > 0 && keyIndexes.length === 0) {
    throw new Error(`${plan.name} refers to itself but has no primary key to set those references by`);
  }
  const later: (string | Buffer | null)[][] = [];
  let batch: (string | Buffer | null)[][] = [];
  let copied = 0;

  const rows = db
    .prepare(`SELECT ${names.map(quote).join(', ')} FROM ${quote(plan.name)}`)
    .raw(true)
    .safeIntegers(true);
  for (const row of rows.iterate() as Iterable<SqliteValue[]>) {
    const values = row.map((value, i) => toPostgres(value, plan.columns[i]!, plan.name));
    // A row may refer to one inserted after it (a rotated token to its replacement): the reference is
    // written once every row is in.
    if (selfRefs.some((i) => values[i] !== null)) {
      later.push([...keyIndexes.map((i) => values[i]!), ...selfRefs.map((i) => values[i]!)]);
      for (const i of selfRefs) values[i] = null;
    }
    batch.push(values);
    if (batch.length === batchRows) {
      await insert(client, plan, batch);
      copied += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await insert(client, plan, batch);
  copied += batch.length;

  const keyColumns = keyIndexes.map((i) => plan.columns[i]!);
  const refColumns = selfRefs.map((i) => plan.columns[i]!);
  for (let start = 0; start < later.length; start += batchRows) {
    await setReferences(client, plan.name, keyColumns, refColumns, later.slice(start, start + batchRows));
  }
  return copied;
}

async function insert(client: pg.ClientBase, plan: TablePlan, rows: (string | Buffer | null)[][]): Promise<void> {
  const width = plan.columns.length;
  const tuples = rows.map((_, r) => `(${plan.columns.map((_c, i) => `$${r * width + i + 1}`).join(', ')})`);
  // OVERRIDING SYSTEM VALUE: identity ids are copied as they are (it changes nothing for other columns).
  await client.query(
    `INSERT INTO ${quote(plan.name)} (${plan.columns.map((c) => quote(c.name)).join(', ')}) OVERRIDING SYSTEM VALUE
     VALUES ${tuples.join(', ')}`,
    rows.flat(),
  );
}

async function setReferences(
  client: pg.ClientBase,
  table: string,
  keys: TablePlan['columns'],
  refs: TablePlan['columns'],
  rows: (string | Buffer | null)[][],
): Promise<void> {
  const columns = [...keys, ...refs];
  // VALUES has no target column to take types from: each parameter says its own.
  const tuples = rows.map(
    (_, r) => `(${columns.map((c, i) => `$${r * columns.length + i + 1}::${c.type}`).join(', ')})`,
  );
  await client.query(
    `UPDATE ${quote(table)} AS t SET ${refs.map((c) => `${quote(c.name)} = v.${quote(c.name)}`).join(', ')}
     FROM (VALUES ${tuples.join(', ')}) AS v(${columns.map((c) => quote(c.name)).join(', ')})
     WHERE ${keys.map((c) => `t.${quote(c.name)} = v.${quote(c.name)}`).join(' AND ')}`,
    rows.flat(),
  );
}

/**
 * Moves each sequence past the ids just copied, and past any id SQLite handed out before (AUTOINCREMENT
 * never reuses an id, even of a deleted row: sqlite_sequence remembers the largest), so the next row
 * PostgreSQL numbers gets an id neither database ever gave.
 */
export async function resetSequences(db: Database.Database, client: pg.ClientBase, plan: TablePlan): Promise<void> {
  for (const { column, sequence } of plan.sequences) {
    const handedOut =
      plan.primaryKey.length === 1 && plan.primaryKey[0] === column ? sqliteSequence(db, plan.name) : 0n;
    await client.query(
      `SELECT CASE WHEN s.last > 0 THEN setval($1, s.last, true) ELSE setval($1, 1, false) END
       FROM (SELECT greatest(coalesce(max(${quote(column)}), 0), $2::bigint) AS last FROM ${quote(plan.name)}) AS s`,
      [sequence, handedOut.toString()],
    );
  }
}

function sqliteSequence(db: Database.Database, table: string): bigint {
  const exists = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'`).get();
  if (!exists) return 0n;
  const seq = db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().safeIntegers(true).get(table);
  return typeof seq === 'bigint' ? seq : 0n;
}
