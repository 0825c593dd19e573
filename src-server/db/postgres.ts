/**
 * The PostgreSQL driver of the `Sql` seam (sql.ts), over a `pg` Pool.
 *
 * Isolation: every transaction() is SERIALIZABLE, retried a few times when PostgreSQL reports a
 * serialization failure (40001) or a deadlock (40P01). The store was written against SQLite, where one
 * writer runs at a time: it reads, decides (the last manager of a group, a bundle's ceiling, a name
 * being free, the next seq) and then writes. READ COMMITTED would need a row lock (SELECT … FOR UPDATE)
 * added by hand in front of every such read, and one forgotten lock is a silent lost update or write
 * skew between two instances. SERIALIZABLE keeps every decision the store already makes correct
 * without changing it; the price is a retry when two instances really do write the same rows at once,
 * which is why `fn` must do nothing outside the database that cannot be done twice.
 *
 * Writers take turns. Every write advances its domain's change sequence (one row), so two writes could
 * never both commit in parallel anyway; left to SERIALIZABLE alone, a burst of concurrent writes across
 * instances turns into a storm of serialization failures that outlasts any retry budget. So, given
 * `turnTable`, a write transaction's first statement locks that table in SHARE ROW EXCLUSIVE mode (it
 * conflicts only with itself and with other writes to that table, never with reads). A lock statement
 * takes no snapshot, so the transaction's snapshot begins after its turn does and sees every write
 * committed before it: writers wait instead of failing. Readers never wait: a statement outside a
 * transaction reads what was committed when it started. Since each writer holds its turn until it has
 * committed, writes become visible in the order of their sequence values.
 *
 * tryTransaction() runs READ COMMITTED instead: its writes (last use, the request log, pruning) are
 * single statements that are atomic on their own, and an optional write must not be dropped just
 * because a serializable reader overlapped it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { numberPlaceholders } from './pg-placeholders.js';
import { UniqueViolation, type Sql, type SqlRunResult, type SqlValue } from './sql.js';

/** How many times a transaction runs when it keeps losing serialization conflicts. */
export const SERIALIZABLE_ATTEMPTS = 5;
const RETRY_BASE_MS = 5;
/**
 * Statement texts given a name (prepared once per connection). The store's statements are a fixed
 * set far below this; the bound keeps a text built from variable input from growing every
 * connection's prepared statements without end: past it, new texts run unnamed.
 */
export const MAX_NAMED_STATEMENTS = 2000;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** PostgreSQL error codes the driver acts on. */
const PG_UNIQUE_VIOLATION = '23505';
const PG_SERIALIZATION_FAILURE = '40001';
const PG_DEADLOCK_DETECTED = '40P01';
const PG_LOCK_NOT_AVAILABLE = '55P03';

export interface PostgresOptions {
  /** A `postgres://` or `postgresql://` URL. */
  url: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /**
   * The table write transactions lock first so that writers take turns (see above); openDatabase
   * passes the domains table once the migrations have made it. Unset, transactions rely on
   * SERIALIZABLE retries alone (the driver's own tests, on tables of their own).
   */
  turnTable?: string;
}

/**
 * Checks that `url` is a PostgreSQL URL and returns the pool settings for it. Both schemes name the same
 * thing (libpq accepts both); anything else is refused with a message that says what was expected.
 */
export function postgresPoolConfig(url: string, maxConnections = 10): pg.PoolConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('The database address is not a URL: expected postgres://user@host:port/database');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`The database address must start with postgres:// or postgresql://, not ${parsed.protocol}//`);
  }
  return { connectionString: url, max: maxConnections, application_name: 'tokendesk', types: integerTypes() };
}

/**
 * Counts and ids come back as JS numbers, as from SQLite: int8 (count(*), bigint columns) and numeric
 * (sum of bigint) would otherwise be strings. The parsers live on this pool's own TypeOverrides, so
 * other users of `pg` in the process keep the library's defaults. Our integers stay far below 2^53.
 */
function integerTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, 'text', (value: string) => Number(value));
  types.setTypeParser(NUMERIC_OID, 'text', (value: string) => Number(value));
  return types;
}

interface Transaction {
  client: pg.PoolClient;
  /** Savepoint names are numbered from this, so nested ones never clash. */
  savepoints: number;
  /** Set once COMMIT or ROLLBACK ran: the connection is back in the pool. */
  done: boolean;
  /**
   * Why the transaction can no longer commit: a savepoint that could not be rolled back. PostgreSQL
   * answers COMMIT in an aborted transaction with a silent ROLLBACK, so this is checked before it.
   */
  failed?: Error;
}

export class PostgresSql implements Sql {
  private readonly turnTable: string | undefined;
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly current = new AsyncLocalStorage<Transaction>();
  /** Each statement text once numbered and named; see prepared(). */
  private readonly statements = new Map<string, { text: string; count: number; name: string }>();

  constructor(options: PostgresOptions) {
    this.turnTable = options.turnTable;
    this.pool = new pg.Pool(postgresPoolConfig(options.url, options.maxConnections));
    // An idle connection the server dropped (restart, failover) is reported here; without a listener
    // the process would crash. The pool replaces it on the next checkout.
    this.pool.on('error', () => undefined);
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    const result = await this.query(sql, params, false);
    return result.rows[0] as T | undefined;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.query(sql, params, false)).rows as T[];
  }

  async value<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    const rows = (await this.query(sql, params, true)).rows as unknown[][];
    return rows[0]?.[0] as T | undefined;
  }

  async column<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const rows = (await this.query(sql, params, true)).rows as unknown[][];
    return rows.map((row) => row[0] as T);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<SqlRunResult> {
    const result = await this.query(sql, params, false);
    return { changes: result.rowCount ?? 0 };
  }

  async exec(script: string): Promise<void> {
    // No parameters: pg sends it as one simple query, which may hold several statements.
    try {
      await this.runner().query(script);
    } catch (error) {
      throw translate(error);
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer && !outer.done) return this.savepoint(outer, fn);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.topLevel('SERIALIZABLE', null, fn, this.turnTable);
      } catch (error) {
        if (attempt >= SERIALIZABLE_ATTEMPTS || !isRetryable(error)) throw error;
        // Jittered, growing pause, so two instances that collided do not collide again in step.
        await sleep(RETRY_BASE_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  }

  async tryTransaction(fn: () => Promise<void>, waitMs: number): Promise<boolean> {
    // lock_timeout = 0 would mean "wait forever".
    const timeout = `${Math.max(1, Math.ceil(waitMs))}ms`;
    try {
      const outer = this.current.getStore();
      if (outer && !outer.done) {
        const previous = await this.value<string>("SELECT current_setting('lock_timeout')");
        await this.run("SELECT set_config('lock_timeout', ?, true)", [timeout]);
        try {
          await this.savepoint(outer, fn);
        } finally {
          await this.run("SELECT set_config('lock_timeout', ?, true)", [previous ?? '0']);
        }
      } else {
        await this.topLevel('READ COMMITTED', timeout, fn);
      }
      return true;
    } catch (error) {
      if (isBusy(error)) return false;
      throw error;
    }
  }

  /**
   * Runs `fn` in one READ COMMITTED transaction whose first statement waits for the transaction-level
   * advisory lock `lockKey` (pg_advisory_xact_lock; released at COMMIT or ROLLBACK). Used where several
   * instances must take turns (migrations). Not SERIALIZABLE on purpose: a serializable transaction takes
   * its snapshot at that first statement, before the wait, so it would not see what the previous holder
   * committed; under READ COMMITTED every statement after the lock sees it.
   */
  async lockedTransaction<T>(lockKey: number, fn: () => Promise<T>): Promise<T> {
    return this.topLevel('READ COMMITTED', null, async () => {
      await this.run('SELECT pg_advisory_xact_lock(?)', [lockKey]);
      return fn();
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /**
   * The live transaction's connection, else the pool. A callback made inside a transaction keeps its
   * context after COMMIT (a timer, say): its statements then run outside any transaction, as they
   * would on SQLite, and never on the connection already handed back to the pool.
   */
  private runner(): pg.Pool | pg.PoolClient {
    const tx = this.current.getStore();
    return tx && !tx.done ? tx.client : this.pool;
  }

  /**
   * The statement under a name of its own, so each connection parses and plans it once and then only
   * binds and runs it: the store's statements are a fixed set, and planning one of its joins costs
   * about as much as running it.
   */
  private prepared(sql: string): { text: string; count: number; name: string | undefined } {
    let statement = this.statements.get(sql);
    if (statement) return statement;
    const numbered = numberPlaceholders(sql);
    if (this.statements.size >= MAX_NAMED_STATEMENTS) return { ...numbered, name: undefined };
    statement = { ...numbered, name: `td_${this.statements.size + 1}` };
    this.statements.set(sql, statement);
    return statement;
  }

  private async query(sql: string, params: readonly SqlValue[], rowsAsArrays: boolean): Promise<pg.QueryResult> {
    const { text, count, name } = this.prepared(sql);
    if (count !== params.length) {
      throw new Error(`The statement has ${count} placeholders but ${params.length} values were given`);
    }
    try {
      return await this.runner().query({
        ...(name ? { name } : {}),
        text,
        values: [...params],
        ...(rowsAsArrays ? { rowMode: 'array' } : {}),
      });
    } catch (error) {
      throw translate(error);
    }
  }

  private async topLevel<T>(
    isolation: string,
    lockTimeout: string | null,
    fn: () => Promise<T>,
    turnTable?: string,
  ): Promise<T> {
    const client = await this.pool.connect();
    const tx: Transaction = { client, savepoints: 0, done: false };
    let broken: Error | undefined;
    try {
      // One simple query, one round trip: a writer holds its turn from the LOCK on, so every wait
      // saved there is a wait saved for every writer queued behind it.
      const opening = [`BEGIN ISOLATION LEVEL ${isolation}`];
      if (lockTimeout) opening.push(`SET LOCAL lock_timeout = '${lockTimeout}'`);
      if (turnTable) opening.push(`LOCK TABLE ${turnTable} IN SHARE ROW EXCLUSIVE MODE`);
      await client.query(opening.join('; '));
      const result = await this.current.run(tx, fn);
      if (tx.failed !== undefined) throw tx.failed;
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        // The connection is unusable (it was cut): the pool must not hand it out again.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw translate(error);
    } finally {
      tx.done = true;
      client.release(broken);
    }
  }

  private async savepoint<T>(tx: Transaction, fn: () => Promise<T>): Promise<T> {
    const name = `td_sp_${++tx.savepoints}`;
    await tx.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      await tx.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      try {
        await tx.client.query(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`);
      } catch (rollbackError) {
        // The inner writes could not be undone: whatever the caller does with `error`, the
        // transaction must not commit.
        tx.failed ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    }
  }
}

/** The PostgreSQL error code of `error` or of an error it wraps (the store may wrap driver errors). */
function pgCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

function isRetryable(error: unknown): boolean {
  const code = pgCode(error);
  return code === PG_SERIALIZATION_FAILURE || code === PG_DEADLOCK_DETECTED;
}

function isBusy(error: unknown): boolean {
  return pgCode(error) === PG_LOCK_NOT_AVAILABLE || isRetryable(error);
}

function translate(error: unknown): unknown {
  if (error instanceof UniqueViolation) return error;
  if (pgCode(error) === PG_UNIQUE_VIOLATION) {
    const detail = (error as { constraint?: string }).constraint;
    return new UniqueViolation(`A row with the same unique value exists${detail ? ` (${detail})` : ''}`, {
      cause: error,
    });
  }
  return error;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
