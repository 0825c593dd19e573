/**
 * The one seam between the server and its database. The store speaks SQL through this interface, and
 * two drivers implement it: SQLite (better-sqlite3, the embedded default) and PostgreSQL (pg). Both run
 * the same statements, so both run the same tests; the few places where the dialects differ ask
 * `dialect`.
 *
 * Statements use positional `?` placeholders; the PostgreSQL driver numbers them ($1, $2, …).
 * Integers come back as JS numbers on both (PostgreSQL's int8 is parsed, never left as text).
 */
export type SqlValue = string | number | null;

export type Dialect = 'sqlite' | 'postgres';

export interface SqlRunResult {
  /** Rows inserted, updated or deleted by the statement. */
  changes: number;
}

export interface Sql {
  readonly dialect: Dialect;
  /** The first row, or undefined when there is none. */
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first column of the first row, or undefined when there is no row. */
  value<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** The first column of every row. */
  column<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<SqlRunResult>;
  /** Runs several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` in one write transaction. Every statement issued through this `Sql` while `fn` runs (found
   * through AsyncLocalStorage, so callers need not pass a handle around) belongs to it; a nested call
   * is a savepoint. A thrown error rolls back and is rethrown. No statement outside the transaction
   * ever sees its uncommitted writes.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * An optional write (last-use times, the request log) that may wait at most `waitMs` for a lock.
   * Resolves false, having written nothing, when the database stayed busy.
   */
  tryTransaction(fn: () => Promise<void>, waitMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Thrown by both drivers when a write breaks a UNIQUE constraint (two creates of one name race). */
export class UniqueViolation extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UniqueViolation';
  }
}
