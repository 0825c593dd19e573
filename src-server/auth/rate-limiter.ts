import type { Clock } from '../store/time.js';

interface Bucket {
  /** Requests that may still go through right now (fractional while refilling). */
  tokens: number;
  /** When `tokens` was last brought up to date. */
  at: number;
  cap: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The answer for a bucket left with `tokens` (fractional) under `cap`: Retry-After in whole seconds,
 * at least 1, the time until one request's worth has refilled. Shared with the cluster's rate stores,
 * which compute the bucket elsewhere (SQL, Lua), so every store answers alike.
 */
export function rateDecision(allowed: boolean, tokens: number, cap: number): RateDecision {
  if (allowed) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / cap)) };
}

/**
 * A bucket left idle this long is full again (any bucket refills within a second), so it carries
 * nothing: the shared stores drop it (Redis by expiry, PostgreSQL by a sweep).
 */
export const IDLE_BUCKET_MS = 60_000;

/** More tokens than this in memory and the least recently used are dropped (they start full again). */
export const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Per-token max RPS as a token bucket: `cap` requests per second, up to `cap` at once, refilled
 * continuously. In memory, per process: the store of a single server (cluster/rate-store.ts has the
 * shared ones for several instances). Entries are kept in least-recently-used order and bounded; a full (idle) bucket carries no
 * information, so sweeping those first loses nothing.
 */
export class RateLimiter {
  private readonly clock: Clock;
  private readonly maxEntries: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(clock: Clock, maxEntries = DEFAULT_MAX_ENTRIES) {
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Takes one request for `tokenId` under a cap of `cap` per second (null: no cap, nothing kept). */
  take(tokenId: string, cap: number | null): RateDecision {
    if (cap === null) {
      this.buckets.delete(tokenId);
      return { allowed: true };
    }
    const now = this.clock();
    const bucket = this.buckets.get(tokenId);
    let tokens = cap;
    if (bucket) {
      // A lowered cap applies at once; a raised one fills in as time passes.
      const elapsed = Math.max(0, now - bucket.at) / 1000;
      tokens = Math.min(cap, Math.min(bucket.tokens, cap) + elapsed * cap);
      this.buckets.delete(tokenId); // re-inserted below: Map order is the LRU order
    }
    const allowed = tokens >= 1;
    if (allowed) tokens -= 1;
    this.buckets.set(tokenId, { tokens, at: now, cap });
    if (this.buckets.size > this.maxEntries) this.evict(now);
    return rateDecision(allowed, tokens, cap);
  }

  /** Drops buckets that have refilled (idle), then, if still too many, the least recently used. */
  private evict(now: number): void {
    for (const [id, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * bucket.cap >= bucket.cap) this.buckets.delete(id);
    }
    // Down to 90%, so a server at its bound sweeps once per many new tokens, not on every request.
    const target = Math.floor(this.maxEntries * 0.9);
    while (this.buckets.size > target) {
      const oldest = this.buckets.keys().next();
      if (oldest.done) break;
      this.buckets.delete(oldest.value);
    }
  }
}
