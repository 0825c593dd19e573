import { describe, expect, it } from 'vitest';
import { AuthCache } from './auth-cache.js';

describe('AuthCache', () => {
  it('keeps at most its capacity, dropping the least recently used first', () => {
    const cache = new AuthCache<string>(2);
    cache.set('a', 'tok_a', 1, 'A');
    cache.set('b', 'tok_b', 1, 'B');
    expect(cache.get('a', 1)?.state).toBe('A'); // a is now the most recent
    cache.set('c', 'tok_c', 1, 'C');
    expect(cache.size).toBe(2);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)?.state).toBe('A');
    expect(cache.get('c', 1)?.state).toBe('C');
  });

  it('keeps the token id across versions but never hands out state read at another version', () => {
    const cache = new AuthCache<string>();
    cache.set('a', 'tok_a', 7, 'A');
    expect(cache.get('a', 8)).toEqual({ tokenId: 'tok_a', state: null });
    expect(cache.get('a', null)).toEqual({ tokenId: 'tok_a', state: null });
    cache.set('a', 'tok_a', null, 'A'); // read while the version was unknown: not reusable
    expect(cache.get('a', 7)?.state).toBeNull();
  });
});
