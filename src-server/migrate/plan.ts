/**
 * What to copy, read from the two schemas themselves rather than from a list kept by hand: every table
 * the SQLite file and the PostgreSQL database both have (they must have the same ones, with the same
 * columns, or the twin migrations disagree and nothing is copied), each with its PostgreSQL column types,
 * primary key, self-references and sequences, in foreign-key order (a table after every table it refers
 * to), so each insert finds the rows it refers to already there.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { kindOf, type Column } from './values.js';

/** Migration bookkeeping: each side keeps its own, written by its own migrations. */
export const BOOKKEEPING_TABLE = 'schema_migrations';

/**
 * Tables that are never copied: the migrations' own record, and a running cluster's working state
 * (max-RPS buckets, the record of background-job runs), which a stopped SQLite server has no use for.
 */
const NOT_COPIED = [BOOKKEEPING_TABLE, 'rate_buckets', 'job_runs'];

export interface TablePlan {
  name: string;
  columns: Column[];
  /** The primary key's columns in key order; rows are read in this order for the digest. */
  primaryKey: string[];
  /** Columns of foreign keys to this same table (tokens.replaced_by): set after all its rows are in. */
  selfReferences: string[];
  /** Columns that take their default from a sequence (identity columns), with that sequence's name. */
  sequences: { column: string; sequence: string }[];
}

/** Thrown when the two schemas cannot be copied between; the message says why. */
export class SchemaMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaMismatch';
  }
}

/** Double quotes for an identifier, as both dialects read them. */
export const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The application tables of the PostgreSQL database in the connection's current schema. */
export async function postgresTables(client: pg.ClientBase): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> ALL($1) ORDER BY c.relname`,
    [NOT_COPIED],
  );
  return result.rows.map((row) => row.name);
}

export function sqliteTables(db: Database.Database): string[] {
  return (
    db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         AND name NOT IN (${NOT_COPIED.map(() => '?').join(', ')}) ORDER BY name`,
      )
      .pluck()
      .all(...NOT_COPIED) as string[]
  ).sort();
}

/** Reads both schemas, checks they agree, and returns the tables in the order to copy them. */
export async function planCopy(db: Database.Database, client: pg.ClientBase): Promise<TablePlan[]> {
  const names = await postgresTables(client);
  const onlyIn = (a: string[], b: string[]) => a.filter((name) => !b.includes(name));
  const sqliteNames = sqliteTables(db);
  const missing = [
    ...onlyIn(sqliteNames, names).map((n) => `${n} (only in SQLite)`),
    ...onlyIn(names, sqliteNames).map((n) => `${n} (only in PostgreSQL)`),
  ];
  if (missing.length > 0) throw new SchemaMismatch(`The two schemas have different tables: ${missing.join(', ')}`);

  const plans = new Map<string, TablePlan>();
  const refersTo = new Map<string, Set<string>>();
  for (const name of names) {
    const columns = await postgresColumns(client, name);
    const sqliteColumns = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(name) as string[]).sort();
    const pgColumns = columns.map((c) => c.name).sort();
    if (sqliteColumns.join() !== pgColumns.join()) {
      throw new SchemaMismatch(
        `Table ${name} has columns ${sqliteColumns.join(', ')} in SQLite but ${pgColumns.join(', ')} in PostgreSQL`,
      );
    }
    const keys = await foreignKeys(client, name);
    refersTo.set(name, new Set(keys.filter((k) => k.references !== name).map((k) => k.references)));
    plans.set(name, {
      name,
      columns,
      primaryKey: await primaryKey(client, name),
      selfReferences: keys.filter((k) => k.references === name).flatMap((k) => k.columns),
      sequences: await sequences(client, name),
    });
  }
  return foreignKeyOrder(refersTo).map((name) => plans.get(name)!);
}

/**
 * Kahn's order over "refers to", alphabetical among tables that are ready at the same time (so the
 * order is the same on every run). A cycle between tables has no insert order; the schema has none.
 */
export function foreignKeyOrder(refersTo: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const ordered: string[] = [];
  const left = new Set(refersTo.keys());
  while (left.size > 0) {
    const ready = [...left].filter((name) => [...refersTo.get(name)!].every((to) => !left.has(to))).sort();
    if (ready.length === 0) {
      throw new SchemaMismatch(
        `Tables refer to each other in a cycle, so no insert order exists: ${[...left].join(', ')}`,
      );
    }
    ordered.push(ready[0]!);
    left.delete(ready[0]!);
  }
  return ordered;
}

async function postgresColumns(client: pg.ClientBase, table: string): Promise<Column[]> {
  const result = await client.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
     WHERE a.attrelid = format('%I.%I', current_schema(), $1::text)::regclass AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attnum`,
    [table],
  );
  return result.rows.map(({ name, type }) => {
    const kind = kindOf(type);
    if (!kind) throw new SchemaMismatch(`There is no conversion into ${table}.${name}, of PostgreSQL type ${type}`);
    return { name, type, kind };
  });
}

async function primaryKey(client: pg.ClientBase, table: string): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i
     CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE i.indrelid = format('%I.%I', current_schema(), $1::text)::regclass AND i.indisprimary
     ORDER BY k.ord`,
    [table],
  );
  return result.rows.map((row) => row.name);
}

async function foreignKeys(client: pg.ClientBase, table: string): Promise<{ references: string; columns: string[] }[]> {
  const result = await client.query<{ constraint: string; references: string; column: string }>(
    `SELECT con.conname AS constraint, ref.relname AS references, a.attname AS column FROM pg_constraint con
     JOIN pg_class ref ON ref.oid = con.confrelid
     CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
     WHERE con.contype = 'f' AND con.conrelid = format('%I.%I', current_schema(), $1::text)::regclass
     ORDER BY con.conname, k.ord`,
    [table],
  );
  const byConstraint = new Map<string, { references: string; columns: string[] }>();
  for (const row of result.rows) {
    const key = byConstraint.get(row.constraint) ?? { references: row.references, columns: [] };
    key.columns.push(row.column);
    byConstraint.set(row.constraint, key);
  }
  return [...byConstraint.values()];
}

async function sequences(client: pg.ClientBase, table: string): Promise<TablePlan['sequences']> {
  const result = await client.query<{ column: string; sequence: string | null }>(
    `SELECT a.attname AS column, pg_get_serial_sequence(format('%I.%I', current_schema(), $1::text), a.attname) AS sequence
     FROM pg_attribute a
     WHERE a.attrelid = format('%I.%I', current_schema(), $1::text)::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    [table],
  );
  return result.rows.flatMap(({ column, sequence }) => (sequence ? [{ column, sequence }] : []));
}
