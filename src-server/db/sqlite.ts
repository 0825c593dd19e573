import { AsyncLocalStorage } from 'node:async_hooks';
import Database, { type Statement } from 'better-sqlite3';
import { Mutex } from './mutex.js';
import { UniqueViolation, type Dialect, type Sql, type SqlRunResult, type SqlValue } from './sql.js';

/** How long a write waits for another connection's lock. better-sqlite3 blocks the thread meanwhile. */
export const BUSY_TIMEOUT_MS = 5000;
/** SQLite's page cache per connection, KiB. */
const PAGE_CACHE_KIB = 64 * 1024;

/** The transaction a piece of async code runs in (found through AsyncLocalStorage). */
interface Tx {
  /** False once committed or rolled back: a timer started inside it must not write outside the lock. */
  open: boolean;
  savepoints: number;
}

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/**
 * The SQLite driver: one better-sqlite3 connection behind the async `Sql` interface.
 *
 * A transaction may now span awaits, so two requests could interleave their statements on the one
 * connection. Transactions are therefore serialised by a mutex, and a statement outside any transaction
 * waits for the mutex too when a transaction holds it (else it would read that transaction's
 * uncommitted rows, or its write would join it). When nobody holds it — nearly always, since a
 * handler's awaits on this driver resolve without ever leaving the microtask queue — the statement runs
 * at once. A second, read-only connection for plain reads was the other choice; it would add a WAL
 * snapshot per read and a second page cache for no gain at this one-core scale (measured in the bench:
 * GET /me and the list page).
 */
export class SqliteSql implements Sql {
  readonly dialect: Dialect = 'sqlite';
  private readonly db: Database.Database;
  private readonly mutex = new Mutex();
  private readonly current = new AsyncLocalStorage<Tx>();
  /** Prepared statements by SQL text: rows, and first-column (`value`/`column`) ones. */
  private readonly rows = new Map<string, Statement<SqlValue[]>>();
  private readonly firsts = new Map<string, Statement<SqlValue[]>>();

  /**
   * Opens (creating if needed) the SQLite file. WAL lets another process read while this one writes;
   * busy_timeout makes a second process wait for a lock instead of failing at once.
   */
  constructor(file: string) {
    this.db = new Database(file);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
      this.db.pragma('synchronous = NORMAL');
      // SQLite's default page cache is 2 MB: a 10,000-account domain's list rows did not fit, so every list
      // page re-read most of its rows from the file (a system call each). Memory is taken only as pages are read.
      this.db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.statement(() => this.prepared(this.rows, sql, false).get(...params) as T | undefined);
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.statement(() => this.prepared(this.rows, sql, false).all(...params) as T[]);
  }

  value<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.statement(() => this.prepared(this.firsts, sql, true).get(...params) as T | undefined);
  }

  column<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.statement(() => this.prepared(this.firsts, sql, true).all(...params) as T[]);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<SqlRunResult> {
    return this.statement(() => ({ changes: this.prepared(this.rows, sql, false).run(...params).changes }));
  }

  exec(script: string): Promise<void> {
    return this.statement(() => {
      this.db.exec(script);
    });
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const tx = this.openTx();
    if (tx) return this.savepoint(tx, fn);
    const release = await this.mutex.acquire();
    try {
      this.sync(() => this.db.exec('BEGIN IMMEDIATE'));
      return await this.body(fn);
    } finally {
      release();
    }
  }

  async tryTransaction(fn: () => Promise<void>, waitMs: number): Promise<boolean> {
    const tx = this.openTx();
    if (tx) {
      await this.savepoint(tx, fn);
      return true;
    }
    const release = await this.mutex.acquire(waitMs);
    if (!release) return false;
    try {
      // Another process may hold the file's write lock: wait for it only `waitMs`.
      this.db.pragma(`busy_timeout = ${waitMs}`);
      try {
        this.db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        if (BUSY_CODES.has(codeOf(error) as string)) return false;
        throw error;
      } finally {
        this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
      await this.body(fn);
      return true;
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    // Waits for the transaction under way, so it commits rather than dies with the connection.
    const release = await this.mutex.acquire();
    try {
      if (this.db.open) this.db.close();
    } finally {
      release();
    }
  }

  /** Runs `fn` as the body of the transaction just begun: commit, or roll back and rethrow. */
  private async body<T>(fn: () => Promise<T>): Promise<T> {
    const tx: Tx = { open: true, savepoints: 0 };
    try {
      const result = await this.current.run(tx, fn);
      tx.open = false;
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      tx.open = false;
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private async savepoint<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
    const name = `sp${++tx.savepoints}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (tx.open && this.db.inTransaction) this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    }
  }

  private openTx(): Tx | undefined {
    const tx = this.current.getStore();
    return tx?.open ? tx : undefined;
  }

  /**
   * Runs one statement: at once inside the caller's transaction or when no transaction is open,
   * otherwise after that transaction ends.
   */
  private async statement<T>(fn: () => T): Promise<T> {
    if (this.openTx() || !this.mutex.locked) return this.sync(fn);
    const release = await this.mutex.acquire();
    try {
      return this.sync(fn);
    } finally {
      release();
    }
  }

  /** Turns SQLite's unique-constraint errors into the driver-neutral UniqueViolation. */
  private sync<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (UNIQUE_CODES.has(codeOf(error) as string)) {
        throw new UniqueViolation(error instanceof Error ? error.message : String(error), { cause: error });
      }
      throw error;
    }
  }

  private prepared(cache: Map<string, Statement<SqlValue[]>>, sql: string, first: boolean): Statement<SqlValue[]> {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<SqlValue[]>(sql);
      if (first) stmt.pluck();
      cache.set(sql, stmt);
    }
    return stmt;
  }
}
