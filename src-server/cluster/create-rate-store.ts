import type { Sql } from '../db/sql.js';
import type { Clock } from '../store/time.js';
import { PostgresRateStore } from './pg-rate-store.js';
import { MemoryRateStore, type RateStore } from './rate-store.js';
import { RedisRateStore } from './redis-rate-store.js';

export interface RateStoreOptions {
  sql: Sql;
  now: Clock;
  /** `--redis-url` / REDIS_URL: a shared Redis (or Valkey) for the buckets. */
  redisUrl?: string;
  /** Where a Redis outage and its end are reported (default stderr). */
  warn?: (line: string) => void;
}

/**
 * Picks the store: Redis when a URL is given, else the database when it is PostgreSQL (several
 * instances may share it), else memory (SQLite is one process). Measured in bench/rate-store.ts.
 */
export async function createRateStore(options: RateStoreOptions): Promise<RateStore> {
  if (options.redisUrl) {
    return RedisRateStore.connect({
      url: options.redisUrl,
      now: options.now,
      warn: options.warn ?? ((line) => process.stderr.write(`${line}\n`)),
    });
  }
  if (options.sql.dialect === 'postgres') return new PostgresRateStore(options.sql, options.now);
  return new MemoryRateStore(options.now);
}
