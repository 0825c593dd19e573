import { describe, expect, it } from 'vitest';
import { expiryKey, leakedKey, parseNoticeKey, tokensWithKeys } from './notice-keys.js';

describe('notice keys', () => {
  it('read back what they were made of, colons in a token id included', () => {
    expect(parseNoticeKey(expiryKey('c1', 'a:b', 7))).toEqual({
      connectionId: 'c1',
      tokenId: 'a:b',
      kind: 'expiry',
      days: 7,
    });
    expect(parseNoticeKey(leakedKey('c1', 'x:expiry:3'))).toEqual({
      connectionId: 'c1',
      tokenId: 'x:expiry:3',
      kind: 'leaked',
    });
  });

  it('are null in any other shape', () => {
    for (const key of [
      '',
      'c1',
      'c1:t1',
      ':t1:leaked',
      'c1::leaked',
      'c1:leaked',
      'c1:expiry:7',
      'c1:t1:expiry:',
      'c1:t1:expiry:x',
    ]) {
      expect(parseNoticeKey(key), key).toBeNull();
    }
  });

  it('index the tokens that have any key, by connection', () => {
    const index = tokensWithKeys(
      new Set([expiryKey('c1', 't1', 7), leakedKey('c1', 't2'), leakedKey('c2', 't1'), 'junk']),
    );
    expect(index).toEqual(
      new Map([
        ['c1', new Set(['t1', 't2'])],
        ['c2', new Set(['t1'])],
      ]),
    );
  });
});
