/** When and how long to wait before retrying a request. Pure functions, so tests need no clock. */

export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
/** Only these carry a Retry-After the server means for us (RFC 9110 §10.2.3). */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  /** Longest backoff between attempts. */
  maxDelayMs: number;
  /** Longest Retry-After honoured; a server asking for more is not retried (its error is reported). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 15_000,
};

/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds or an HTTP date.
 * Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return null;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/** Exponential backoff with full jitter: a random wait in [0, min(max, base·2^attempt)]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/**
 * Whether attempt number `attempt` (0-based) that failed with `status` (or a network error when null)
 * should be retried, and after how long. POST and PATCH are never retried: a lost answer may mean the
 * server did act, and doing it twice could create a second token.
 */
export function decideRetry(input: {
  method: string;
  attempt: number;
  status: number | null;
  retryAfter: string | string[] | undefined;
  nowMs: number;
  policy: RetryPolicy;
  random: () => number;
}): RetryDecision {
  const { method, attempt, status, policy } = input;
  if (!IDEMPOTENT_METHODS.has(method.toUpperCase())) return { retry: false };
  if (attempt >= policy.maxRetries) return { retry: false };
  if (status !== null && !RETRY_STATUSES.has(status)) return { retry: false };
  if (status !== null && RETRY_AFTER_STATUSES.has(status)) {
    const asked = parseRetryAfter(input.retryAfter, input.nowMs);
    if (asked !== null) {
      if (asked > policy.maxRetryAfterMs) return { retry: false };
      return { retry: true, delayMs: asked };
    }
  }
  return { retry: true, delayMs: backoffDelay(attempt, policy, input.random) };
}
