import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkToken, checksumOf, crc32, generateToken, tokenHint, toBase62, TOKEN_LENGTH } from './token-format.js';

describe('token format', () => {
  it('computes the same CRC-32 as zlib', () => {
    for (const text of ['', 'a', 'tdk_sa_0123456789abcdefghijABCDEFGHIJ', 'The quick brown fox']) {
      expect(crc32(text)).toBe(zlibCrc32(text));
    }
  });

  it('writes base62 most significant first, padded to width', () => {
    expect(toBase62(0, 6)).toBe('000000');
    expect(toBase62(61, 6)).toBe('00000z');
    expect(toBase62(62, 6)).toBe('000010');
    expect(toBase62(0xffffffff, 6)).toBe('4gfFC3');
  });

  it('generates tokens that check out, with the right prefix and length', () => {
    const sa = generateToken('serviceAccount');
    const pt = generateToken('personal');
    expect(sa).toMatch(/^tdk_sa_[0-9A-Za-z]{36}$/);
    expect(pt).toMatch(/^tdk_pt_[0-9A-Za-z]{36}$/);
    expect(sa).toHaveLength(TOKEN_LENGTH);
    expect(checkToken(sa)).toEqual({ ok: true, kind: 'serviceAccount' });
    expect(checkToken(pt)).toEqual({ ok: true, kind: 'personal' });
    expect(sa.slice(-6)).toBe(checksumOf(sa.slice(0, -6)));
  });

  it('rejects malformed tokens and wrong checksums', () => {
    const token = generateToken('serviceAccount');
    const last = token.at(-1) === '0' ? '1' : '0';
    expect(checkToken(token.slice(0, -1) + last)).toEqual({ ok: false, reason: 'checksum' });
    expect(checkToken('tdk_xx_' + token.slice(7))).toEqual({ ok: false, reason: 'malformed' });
    expect(checkToken(token + 'a')).toEqual({ ok: false, reason: 'malformed' });
    expect(checkToken('')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('builds a hint with the prefix and last four characters only', () => {
    const token = generateToken('serviceAccount');
    expect(tokenHint(token)).toBe(`tdk_sa_…${token.slice(-4)}`);
  });
});
