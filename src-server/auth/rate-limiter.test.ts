import { describe, expect, it } from 'vitest';
import { TestClock } from '../test-support.js';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('allows cap requests at once, then refills continuously', () => {
    const clock = new TestClock();
    const limiter = new RateLimiter(clock.now);
    expect([1, 2, 3].map(() => limiter.take('t', 2).allowed)).toEqual([true, true, false]);
    clock.advance(500);
    expect(limiter.take('t', 2).allowed).toBe(true);
    expect(limiter.take('t', 2)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('Retry-After is whole seconds and at least 1, even for slow caps', () => {
    const clock = new TestClock();
    const limiter = new RateLimiter(clock.now);
    limiter.take('t', 1);
    const refused = limiter.take('t', 1);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('keeps nothing for tokens without a cap', () => {
    const limiter = new RateLimiter(new TestClock().now);
    for (let i = 0; i < 100; i++) expect(limiter.take(`t${i}`, null).allowed).toBe(true);
    expect(limiter.size).toBe(0);
  });

  it('stays bounded: idle buckets go first, then the least recently used', () => {
    const clock = new TestClock();
    const limiter = new RateLimiter(clock.now, 100);
    for (let i = 0; i < 1000; i++) {
      limiter.take(`busy${i}`, 1);
      expect(limiter.size).toBeLessThanOrEqual(100);
    }
    // The most recent token's bucket survived (it is empty: a second request is refused).
    expect(limiter.take('busy999', 1).allowed).toBe(false);
    clock.advance(10_000);
    limiter.take('fresh', 1);
    for (let i = 0; i < 200; i++) limiter.take(`later${i}`, 5);
    expect(limiter.size).toBeLessThanOrEqual(100);
  });
});
