import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seal, unseal, SealedEnvelopeError } from './sealed-envelope.js';

describe('sealed envelope (AES-256-GCM, JSON {v, iv, tag, data})', () => {
  const key = randomBytes(32);

  it('round-trips and hides the plaintext', () => {
    const text = JSON.stringify({ name: 'ci_deployer', n: 1 });
    const sealed = seal(key, text, 'a.cache');
    expect(sealed).not.toContain('ci_deployer');
    expect(Object.keys(JSON.parse(sealed) as object)).toEqual(['v', 'iv', 'tag', 'data']);
    expect(unseal(key, sealed, 'a.cache')).toBe(text);
  });

  it('uses a fresh 12-byte IV per write', () => {
    const a = JSON.parse(seal(key, 'same', 'x')) as { iv: string };
    const b = JSON.parse(seal(key, 'same', 'x')) as { iv: string };
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(a.iv).not.toBe(b.iv);
  });

  it('binds the file name: a file read under another name fails', () => {
    const sealed = seal(key, 'data', 'a.cache');
    expect(() => unseal(key, sealed, 'b.cache')).toThrow(SealedEnvelopeError);
  });

  it('fails with another key', () => {
    expect(() => unseal(randomBytes(32), seal(key, 'data', 'x'), 'x')).toThrow(SealedEnvelopeError);
  });

  it('detects one flipped bit or byte at every position of the file', () => {
    const sealed = Buffer.from(seal(key, JSON.stringify({ accounts: ['a', 'b', 'c'] }), 'x'), 'utf8');
    for (let i = 0; i < sealed.length; i++) {
      for (const mask of [0x01, 0x20, 0xff]) {
        const copy = Buffer.from(sealed);
        copy[i]! ^= mask;
        expect(() => unseal(key, copy.toString('utf8'), 'x'), `byte ${i} mask ${mask}`).toThrow(SealedEnvelopeError);
      }
    }
  });

  it('refuses a planted plaintext file', () => {
    expect(() => unseal(key, JSON.stringify({ version: 1, accounts: [] }), 'x')).toThrow(SealedEnvelopeError);
  });
});
