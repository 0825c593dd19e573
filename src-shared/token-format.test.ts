import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  checkToken,
  checksumOf,
  crc32,
  generateToken,
  redactSecretText,
  tokenHint,
  toBase62,
  TOKEN_LENGTH,
} from './token-format.js';

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

describe('redactSecretText', () => {
  const sa = generateToken('serviceAccount');
  const pt = generateToken('personal');

  it('cuts out TokenDesk tokens, whole, cut short or percent-encoded, anywhere in a path or query', () => {
    expect(redactSecretText(`/api/v1/x/${sa}/y`)).toBe('/api/v1/x/[redacted]/y');
    expect(redactSecretText(`/a?t=${pt}&b=1`)).toBe('/a?t=[redacted]&b=1');
    expect(redactSecretText(`/a/${sa.slice(0, 20)}`)).toBe('/a/[redacted]');
    expect(redactSecretText(`/a/${sa.replaceAll('_', '%5F')}`)).toBe('/a/[redacted]');
    expect(redactSecretText(`/a/${sa.replaceAll('_', '%5f').toUpperCase()}`)).toBe('/a/[redacted]');
  });

  it('cuts out bearer credentials and credential-named query values', () => {
    expect(redactSecretText('/a?x=Bearer%20abc.def-ghi')).toBe('/a?x=Bearer [redacted]');
    expect(redactSecretText('header was Basic dXNlcjpwYXNz')).toBe('header was Basic [redacted]');
    expect(redactSecretText('/a?access_token=abc&token=x1&api-key=k&password=p&limit=5')).toBe(
      '/a?access_token=[redacted]&token=[redacted]&api-key=[redacted]&password=[redacted]&limit=5',
    );
  });

  it('cuts out long opaque secrets of other kinds, such as a JWT', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.x';
    expect(redactSecretText(`/a/${jwt}`)).toBe('/a/[redacted].[redacted].x');
    expect(redactSecretText('/a/Zx9Qm2Lp7Rt4Vb8Nc1Kd6Hf3Gj5Ws0Ey')).toBe('/a/[redacted]');
  });

  it('leaves ordinary paths, ids, names, hints and digests alone', () => {
    for (const text of [
      '/api/v1/domains/default/service-accounts/sa_0123456789ABCDEFghij/logs?limit=50&status=4xx',
      '/api/v1/auth/service-accounts/sa_Ab3/tokens/deploy-pipeline-production-eu-west-1-primary',
      'tdk_sa_…abcd',
      'a3f5c0e1d2b4a6978f0e1d2c3b4a5968a3f5c0e1d2b4a6978f0e1d2c3b4a5968',
      'There is no GET /api/v1/nothing in this API.',
      'Basic Auth works only for service accounts that enable it. Use "Authorization: Bearer <token>".',
    ]) {
      expect(redactSecretText(text)).toBe(text);
    }
  });

  it('keeps a JSON log line valid JSON', () => {
    const line = JSON.stringify({ url: `/a/${sa}?token="x\\y`, msg: `\nAbcdefghijklmnopqrstuvwxyz0123456789ABCDEF` });
    // A value stops at an escaped quote or backslash, and a run never starts inside an escape sequence.
    const parsed = JSON.parse(redactSecretText(line)) as { url: string; msg: string };
    expect(parsed.url).toBe('/a/[redacted]?token=[redacted]"x\\y');
    expect(parsed.msg).toBe('\nAbcdefghijklmnopqrstuvwxyz0123456789ABCDEF');
  });
});
