import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRetry, DEFAULT_RETRY_POLICY, parseRetryAfter } from './retry-policy.js';

const base = {
  attempt: 0,
  retryAfter: undefined,
  nowMs: Date.parse('2025-01-01T00:00:00Z'),
  policy: DEFAULT_RETRY_POLICY,
  random: () => 1,
};

describe('retry policy', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', base.nowMs)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', base.nowMs)).toBe(5000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', base.nowMs)).toBe(0);
    expect(parseRetryAfter('soon', base.nowMs)).toBeNull();
    expect(parseRetryAfter(undefined, base.nowMs)).toBeNull();
  });

  it('retries idempotent methods only', () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE']) {
      expect(decideRetry({ ...base, method, status: 503 }).retry).toBe(true);
    }
    for (const method of ['POST', 'PATCH']) {
      expect(decideRetry({ ...base, method, status: 503 }).retry).toBe(false);
      expect(decideRetry({ ...base, method, status: null }).retry).toBe(false);
    }
  });

  it('retries network errors and 429/502/503/504, nothing else', () => {
    expect(decideRetry({ ...base, method: 'GET', status: null }).retry).toBe(true);
    for (const status of [429, 502, 503, 504]) expect(decideRetry({ ...base, method: 'GET', status }).retry).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 500])
      expect(decideRetry({ ...base, method: 'GET', status }).retry).toBe(false);
  });

  it('honours Retry-After on 429 and 503, not on 502', () => {
    expect(decideRetry({ ...base, method: 'GET', status: 429, retryAfter: '2' })).toEqual({
      retry: true,
      delayMs: 2000,
    });
    expect(decideRetry({ ...base, method: 'GET', status: 503, retryAfter: '1' })).toEqual({
      retry: true,
      delayMs: 1000,
    });
    expect(decideRetry({ ...base, method: 'GET', status: 502, retryAfter: '9' })).toEqual({
      retry: true,
      delayMs: 250,
    });
  });

  it('gives up when the server asks for a wait longer than the cap, and after maxRetries', () => {
    expect(decideRetry({ ...base, method: 'GET', status: 429, retryAfter: '3600' }).retry).toBe(false);
    expect(decideRetry({ ...base, method: 'GET', status: 503, attempt: 3 }).retry).toBe(false);
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, DEFAULT_RETRY_POLICY, () => 1))).toEqual([
      250, 500, 1000, 2000, 4000,
    ]);
    expect(backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
  });
});
