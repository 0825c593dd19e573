/**
 * How a value crosses from SQLite to PostgreSQL, and the one canonical text each side's value is hashed
 * as (digest.ts). Both are decided by the PostgreSQL column's type, because that is the type the value
 * must end up as; SQLite's STRICT tables hold only INTEGER, TEXT and BLOB (and NULL) in these columns.
 *
 * SQLite is read with safe integers (BigInt), so a 64-bit value is never rounded through a JS number.
 * PostgreSQL is read as its own text output (every type parser off, see TEXT_TYPES): integers as
 * decimal, booleans as t/f, bytea as \x-hex (bytea_output = hex is set by the copy).
 */
import type pg from 'pg';

/** The kinds of column the copy knows how to convert. */
export type ColumnKind = 'integer' | 'boolean' | 'text' | 'bytes';

export interface Column {
  name: string;
  /** PostgreSQL's name of the type, as format_type() writes it. */
  type: string;
  kind: ColumnKind;
}

/**
 * The kind of a PostgreSQL column type, or undefined when the copy has no conversion for it. `json`
 * keeps its text byte for byte, so it is text here; `jsonb` rewrites it (key order, spacing) and has no
 * conversion: no TokenDesk column uses it.
 */
export function kindOf(pgType: string): ColumnKind | undefined {
  if (pgType === 'bigint' || pgType === 'integer' || pgType === 'smallint') return 'integer';
  if (pgType === 'boolean') return 'boolean';
  if (pgType === 'text' || pgType === 'json' || /^character( varying)?(\(\d+\))?$/.test(pgType)) return 'text';
  if (pgType === 'bytea') return 'bytes';
  return undefined;
}

/** A value SQLite returned: safe integers make every INTEGER a bigint. */
export type SqliteValue = bigint | number | string | Buffer | null;

/** The parameter to send to PostgreSQL for a SQLite value, or an error naming the cell that does not fit. */
export function toPostgres(value: SqliteValue, column: Column, table: string): string | Buffer | null {
  if (value === null) return null;
  const refuse = (): never => {
    throw new Error(`${table}.${column.name} holds ${describe(value)}, which does not fit PostgreSQL's ${column.type}`);
  };
  switch (column.kind) {
    case 'integer':
      return typeof value === 'bigint' ? value.toString() : refuse();
    case 'boolean':
      // SQLite has no boolean type: 0 and 1 stand for false and true.
      return value === 0n ? 'false' : value === 1n ? 'true' : refuse();
    case 'text':
      return typeof value === 'string' ? value : refuse();
    case 'bytes':
      return Buffer.isBuffer(value) ? value : refuse();
  }
}

/**
 * A SQLite value's canonical text. A value of an unexpected type gets a tagged form that matches no
 * PostgreSQL value, so it shows as a mismatch instead of stopping the count.
 */
export function canonicalSqlite(value: SqliteValue, kind: ColumnKind): string | null {
  if (value === null) return null;
  if (kind === 'integer' && typeof value === 'bigint') return value.toString();
  if (kind === 'boolean' && (value === 0n || value === 1n)) return value === 1n ? 'true' : 'false';
  if (kind === 'text' && typeof value === 'string') return value;
  if (kind === 'bytes' && Buffer.isBuffer(value)) return value.toString('hex');
  return `\u0000${describe(value)}`;
}

/** A PostgreSQL value's canonical text, from the server's text output. */
export function canonicalPostgres(value: string | null, kind: ColumnKind): string | null {
  if (value === null) return null;
  if (kind === 'boolean') return value === 't' ? 'true' : value === 'f' ? 'false' : `\u0000${value}`;
  if (kind === 'bytes') return value.startsWith('\\x') ? value.slice(2).toLowerCase() : `\u0000${value}`;
  return value;
}

/** Every type as PostgreSQL's own text: no parsing, so nothing is rounded or reformatted on the way. */
export const TEXT_TYPES: pg.CustomTypesConfig = { getTypeParser: () => (text: string) => text };

function describe(value: Exclude<SqliteValue, null>): string {
  if (Buffer.isBuffer(value)) return `a blob of ${value.length} bytes`;
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `the ${typeof value === 'bigint' ? 'integer' : 'real number'} ${String(value)}`;
}
