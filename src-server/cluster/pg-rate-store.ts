import { IDLE_BUCKET_MS, rateDecision, type RateDecision } from '../auth/rate-limiter.js';
import type { Sql } from '../db/sql.js';
import type { Clock } from '../store/time.js';
import type { RateStore } from './rate-store.js';

/**
 * The bucket refilled up to now: `b` is the stored row, EXCLUDED the row this request offered (its
 * cap and time). Min of the stored tokens and the cap first, so a lowered cap applies at once.
 */
const REFILLED = `least(EXCLUDED.cap, least(b.tokens, EXCLUDED.cap)
  + greatest(0, EXCLUDED.at_ms - b.at_ms) / 1000.0 * EXCLUDED.cap)`;

/**
 * One statement per request, atomic under any number of instances: the row is locked by the upsert,
 * so two requests for one key are applied one after the other. A new key starts full and takes one.
 * In an UPDATE's SET every expression reads the row as it was, so REFILLED means the same in each.
 */
const TAKE = `INSERT INTO rate_buckets AS b (key, cap, tokens, at_ms, allowed)
SELECT k, c, CASE WHEN c >= 1 THEN c - 1 ELSE c END, t, c >= 1
  FROM (VALUES (CAST(? AS TEXT), CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT))) AS v(k, c, t)
ON CONFLICT (key) DO UPDATE SET
  allowed = ${REFILLED} >= 1,
  tokens = ${REFILLED} - CASE WHEN ${REFILLED} >= 1 THEN 1 ELSE 0 END,
  at_ms = EXCLUDED.at_ms,
  cap = EXCLUDED.cap
RETURNING allowed, tokens`;

/**
 * Max-RPS buckets in PostgreSQL's UNLOGGED `rate_buckets` (migration 12): every instance on the
 * database shares them. Time is this instance's clock, sent with the request: a skew of d ms between
 * instances lets at most d/1000 × cap extra requests through when traffic moves between them, which
 * NTP keeps far below one request.
 */
export class PostgresRateStore implements RateStore {
  readonly kind = 'postgres' as const;
  private readonly sql: Sql;
  private readonly now: Clock;

  constructor(sql: Sql, now: Clock) {
    this.sql = sql;
    this.now = now;
  }

  async take(key: string, cap: number | null): Promise<RateDecision> {
    // No cap: nothing to count, and no round trip. A stale row left behind is full within a second.
    if (cap === null) return { allowed: true };
    const row = await this.sql.get<{ allowed: boolean; tokens: number }>(TAKE, [key, cap, this.now()]);
    if (!row) throw new Error('rate_buckets: the upsert returned no row');
    return rateDecision(row.allowed, row.tokens, cap);
  }

  /** Deletes buckets idle for IDLE_BUCKET_MS (full, so they carry nothing). Returns rows deleted. */
  async sweep(): Promise<number> {
    return (await this.sql.run('DELETE FROM rate_buckets WHERE at_ms < ?', [this.now() - IDLE_BUCKET_MS])).changes;
  }

  close(): Promise<void> {
    // The Sql belongs to the store, which closes it.
    return Promise.resolve();
  }
}
