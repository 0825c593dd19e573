import { RateLimiter, type RateDecision } from '../auth/rate-limiter.js';
import type { Clock } from '../store/time.js';

export type { RateDecision };

/**
 * Where the per-token max-RPS buckets live (auth/request-gate.ts takes one request from one per
 * authenticated request). Every implementation is the same token bucket as RateLimiter: `cap`
 * requests per second, up to `cap` at once, refilled continuously; a lowered cap applies at once.
 * Memory serves one process; PostgreSQL and Redis hold one bucket per key for every instance, so the
 * cap is global, not per instance.
 */
export interface RateStore {
  readonly kind: 'memory' | 'postgres' | 'redis';
  /** Takes one request for `key` under `cap` per second (null: no cap, always allowed). */
  take(key: string, cap: number | null): Promise<RateDecision>;
  close(): Promise<void>;
}

/** Today's in-process buckets (RateLimiter), behind the async interface: SQLite's default. */
export class MemoryRateStore implements RateStore {
  readonly kind = 'memory' as const;
  private readonly limiter: RateLimiter;

  constructor(now: Clock) {
    this.limiter = new RateLimiter(now);
  }

  take(key: string, cap: number | null): Promise<RateDecision> {
    return Promise.resolve(this.limiter.take(key, cap));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
