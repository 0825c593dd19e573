import { BUSY_TIMEOUT_MS } from '../db/sqlite.js';
import type { Sql } from '../db/sql.js';
import type { LogPruner } from './log-retention.js';
import { isoOf, type Clock } from './time.js';

export interface RequestLogEntry {
  memberId: string;
  tokenId: string;
  method: string;
  /** Path only: a query string could carry anything and is not part of the log. */
  path: string;
  status: number;
  clientAddress: string | null;
}

type Queued = [
  memberId: string,
  tokenId: string,
  at: string,
  method: string,
  path: string,
  status: number,
  from: string | null,
  /** Refused requests only: the second their row counts them in. */
  bucket: string | null,
  count: number,
];

/**
 * Refused requests (any status from 400 up) of one token with one status in one second share one row
 * with a count: a flood of them (a leaked token after it was suspended, a client retrying a 401)
 * writes a few rows rather than one each, so it cannot push the record of earlier requests out of the
 * account's retention. The row keeps the first such request's time, method and path.
 */
export const REFUSED_FROM_STATUS = 400;
const BUCKET_LENGTH = 'YYYY-MM-DDTHH:mm:ss'.length;
const COUNT = 8;
const refusalKey = (tokenId: string, status: number, bucket: string) => `${tokenId}\n${status}\n${bucket}`;

/** More than this waiting (a stalled database) and the oldest entries are dropped, not memory. */
const MAX_QUEUED = 10_000;
/** When another connection holds the write lock, try again after this long. */
const RETRY_MS = 200;
/**
 * Queued entries are written this long after the first of them, or as soon as this many wait: one
 * commit for a burst of requests instead of one per event-loop turn (a turn under load holds only a
 * few requests, and a commit costs as much CPU as a whole small request).
 */
export const FLUSH_DELAY_MS = 25;
export const FLUSH_SIZE = 256;

/**
 * Runs a write in its own transaction that waits at most `waitMs` (default: briefly) for the lock; false
 * when the database stayed busy.
 */
export type TryWrite = (fn: () => Promise<void>, waitMs?: number) => Promise<boolean>;

// A refused request whose row was written by an earlier batch adds to that row's count.
const INSERT_SQL = `INSERT INTO request_logs (member_id, token_id, at, method, path, status, client_address, bucket, count)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (token_id, status, bucket) WHERE bucket IS NOT NULL DO UPDATE SET count = request_logs.count + excluded.count`;

/** A row for a token or account deleted since its request: SQLite's and PostgreSQL's codes. */
const FOREIGN_KEY_VIOLATION = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503']);

/**
 * The per-account request log. Entries are queued as responses finish, off the request path, and
 * written in one transaction with a prepared insert FLUSH_DELAY_MS after the first (or at FLUSH_SIZE).
 * `flush()` writes what is queued at once (a read of the log calls it first, and tests may); `close()`
 * waits for the lock as long as any write would, so a graceful shutdown loses nothing.
 */
export class RequestLog {
  private readonly sql: Sql;
  private readonly clock: Clock;
  private readonly tryWrite: TryWrite;
  private closed = false;
  private queue: Queued[] = [];
  /** The queued rows of refused requests, by token, status and second, so repeats add to their count. */
  private queuedRefusals = new Map<string, Queued>();
  /** The pending flush: FLUSH_DELAY_MS after the first queued entry, or RETRY_MS after a busy database. */
  private timer: NodeJS.Timeout | null = null;
  private readonly pruner: LogPruner | null;
  /** Rows written per account since its last count trim. */
  private readonly sinceTrim = new Map<string, number>();
  dropped = 0;
  lastError: string | null = null;
  /** The flush running now: flushes take turns, so two never write (or requeue) the same rows at once. */
  private flushing: Promise<void> = Promise.resolve();

  constructor(sql: Sql, clock: Clock, tryWrite: TryWrite, pruner: LogPruner | null = null) {
    this.sql = sql;
    this.clock = clock;
    this.tryWrite = tryWrite;
    this.pruner = pruner;
  }

  add(entry: RequestLogEntry): void {
    const at = isoOf(this.clock());
    const bucket = entry.status >= REFUSED_FROM_STATUS ? at.slice(0, BUCKET_LENGTH) : null;
    const key = bucket && refusalKey(entry.tokenId, entry.status, bucket);
    const queued = key ? this.queuedRefusals.get(key) : undefined;
    if (queued) {
      queued[COUNT]++;
      return;
    }
    if (this.queue.length >= MAX_QUEUED) {
      const [, tokenId, , , , status, , oldestBucket] = this.queue.shift()!;
      if (oldestBucket) this.queuedRefusals.delete(refusalKey(tokenId, status, oldestBucket));
      this.dropped++;
    }
    const row: Queued = [
      entry.memberId,
      entry.tokenId,
      at,
      entry.method,
      entry.path,
      entry.status,
      entry.clientAddress,
      bucket,
      1,
    ];
    this.queue.push(row);
    if (key) this.queuedRefusals.set(key, row);
    if (this.queue.length >= FLUSH_SIZE) void this.flush();
    else if (!this.timer) this.schedule(FLUSH_DELAY_MS);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
    // Never keeps the process alive: close() writes what is left.
    this.timer.unref();
  }

  get pending(): number {
    return this.queue.length;
  }

  /**
   * Writes what is queued, waiting only briefly for the write lock: better-sqlite3 waits for another
   * process's lock synchronously, so a long wait here would stall every request. When the database is
   * busy the rows stay queued and a retry is scheduled. An account deleted meanwhile has no log to add
   * to: its rows are skipped. Never rejects. A flush called while another runs starts after it: on
   * PostgreSQL two batches in flight at once could each add to one refused-request row, or a busy
   * retry requeue rows behind entries queued later.
   */
  flush(waitMs?: number): Promise<void> {
    const next = this.flushing.then(() => this.flushNow(waitMs));
    this.flushing = next;
    return next;
  }

  private async flushNow(waitMs: number | undefined): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0 || this.closed) return;
    const batch = this.queue;
    this.queue = [];
    // From here on a repeat starts a new queued row, which the insert adds to the written row's count.
    this.queuedRefusals = new Map();
    let written: boolean;
    try {
      written = await this.tryWrite(async () => {
        for (const row of batch) {
          try {
            await this.insertRow(row);
          } catch (error) {
            if (!FOREIGN_KEY_VIOLATION.has(String((error as { code?: unknown }).code))) throw error;
          }
        }
        await this.trimAfter(batch);
      }, waitMs);
    } catch (error) {
      // This runs outside any request: a failing database must not crash the server, so the batch is
      // lost, counted and the error kept for whoever looks.
      this.dropped += batch.length;
      this.lastError = error instanceof Error ? error.message : String(error);
      return;
    }
    if (!written) {
      this.queue = batch.concat(this.queue).slice(-MAX_QUEUED);
      this.schedule(RETRY_MS);
    }
  }

  /**
   * On PostgreSQL a failed statement aborts its whole transaction, so each row has its own savepoint
   * (a nested transaction) and a row whose token was deleted meanwhile undoes only itself. SQLite
   * undoes just the failed statement, and a savepoint per row would only slow the batch down.
   */
  private async insertRow(row: Queued): Promise<void> {
    if (this.sql.dialect === 'postgres') {
      await this.sql.transaction(async () => {
        await this.sql.run(INSERT_SQL, row);
      });
    } else await this.sql.run(INSERT_SQL, row);
  }

  /**
   * Trims the accounts just written to, in the insert's transaction, once an account has had a tenth
   * of its allowance (at most 1,000 rows) since its last trim: finding the cut costs a walk of the
   * allowance on the index, too much for every turn. Between trims an account may hold up to that
   * many rows over its limit; the periodic prune catches accounts that go quiet.
   */
  private async trimAfter(batch: Queued[]): Promise<void> {
    if (!this.pruner) return;
    const every = Math.max(1, Math.min(1000, Math.ceil(this.pruner.retention.countPerAccount / 10)));
    const due: string[] = [];
    for (const [memberId] of batch) {
      const n = (this.sinceTrim.get(memberId) ?? 0) + 1;
      if (n >= every) {
        this.sinceTrim.delete(memberId);
        due.push(memberId);
      } else this.sinceTrim.set(memberId, n);
    }
    if (due.length > 0) await this.pruner.prune(new Set(due));
  }

  /**
   * A last write at shutdown, waiting for the lock as long as any write does (BUSY_TIMEOUT_MS): only
   * what the database still will not take then is dropped (and counted).
   */
  async close(): Promise<void> {
    await this.flush(BUSY_TIMEOUT_MS);
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dropped += this.queue.length;
    this.queue = [];
    this.queuedRefusals = new Map();
  }
}
