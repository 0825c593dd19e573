import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { envelopeId, seal, sealParts, unseal, SealedEnvelopeError } from './sealed-envelope.js';

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

  it('detects every single-bit flip and byte change at every position (all base64 padding cases)', () => {
    // Plaintext lengths 30, 31, 32 give ciphertexts with no, two and one `=` of padding; the tag always has two.
    for (const text of ['a'.repeat(30), 'b'.repeat(31), 'c'.repeat(32)]) {
      const sealed = Buffer.from(seal(key, text, 'x'), 'utf8');
      for (let i = 0; i < sealed.length; i++) {
        for (const mask of [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff]) {
          const copy = Buffer.from(sealed);
          copy[i]! ^= mask;
          expect(() => unseal(key, copy.toString('utf8'), 'x'), `byte ${i} mask ${mask}`).toThrow(SealedEnvelopeError);
        }
      }
    }
  });

  it('round-trips non-ASCII text (read as UTF-8) as well as ASCII (read as Latin-1)', () => {
    for (const text of ['plain ascii {"a":1}\n', 'Déploie … 🚀 ünïcode', '\u0080', 'ÿ']) {
      expect(unseal(key, seal(key, text, 'x'), 'x')).toBe(text);
    }
  });

  it('reads only the exact form seal writes: the same JSON spelled another way is refused', () => {
    const sealed = seal(key, 'data', 'x');
    const { v, iv, tag, data } = JSON.parse(sealed) as Record<string, unknown>;
    const respelled = [
      JSON.stringify({ v, iv, tag, data }, null, 1),
      JSON.stringify({ iv, v, tag, data }),
      JSON.stringify({ v, iv, tag, data, extra: 1 }),
      JSON.stringify({ v: '1', iv, tag, data }),
      sealed.replace('"v":1', '"v":01'),
      sealed.replace('"data":"', '"data":"\\u0041'),
      `${sealed} `,
      ` ${sealed}`,
    ];
    expect(unseal(key, JSON.stringify({ v, iv, tag, data }), 'x')).toBe('data');
    for (const text of respelled) expect(() => unseal(key, text, 'x'), text).toThrow(SealedEnvelopeError);
  });

  it('refuses every other base64 spelling of the same bytes (the canonical check without a re-encode)', () => {
    // Plaintext lengths 30, 31, 32: ciphertexts with no, two and one `=` of padding.
    for (const text of ['a'.repeat(30), 'b'.repeat(31), 'c'.repeat(32)]) {
      const sealed = seal(key, text, 'x');
      const data = /"data":"([^"]*)"/.exec(sealed)![1]!;
      const bytes = Buffer.from(data, 'base64');
      const pad = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
      const spare =
        pad === 0
          ? null
          : data.slice(0, -pad - 1) + String.fromCharCode(data.charCodeAt(data.length - pad - 1) + 1) + '='.repeat(pad);
      const respelled = [
        data.replace(/\+/g, '-').replace(/\//g, '_'), // URL-safe alphabet
        `${data.slice(0, 8)}\n${data.slice(8)}`, // a character the decoder skips
        `${data.slice(0, 8)}!${data.slice(9)}`,
        `${data.slice(0, 8)}=${data.slice(9)}`, // padding inside
        data.replace(/=+$/, ''), // padding left off
        ...(spare ? [spare] : []), // the spare bits of the last group set
      ].filter((other) => other !== data);
      for (const other of respelled) {
        if (Buffer.from(other, 'base64').equals(bytes) || other.includes('!') || other.includes('=')) {
          expect(() => unseal(key, sealed.replace(data, other), 'x'), other.slice(-12)).toThrow(SealedEnvelopeError);
        }
      }
    }
  });

  it('sealParts writes, in parts, what seal writes whole (any split of the plaintext)', () => {
    const text = 'x'.repeat(5) + '{"a":"Déploie"}'.repeat(40);
    for (const size of [1, 2, 3, 4, 7, 64, 1000]) {
      const parts: string[] = [];
      for (let at = 0; at < text.length; at += size) parts.push(text.slice(at, at + size));
      let file = '';
      const { id, bytes } = sealParts(key, parts, 'x', (chunk, at) => {
        file = at === undefined ? file + chunk : file.slice(0, at) + chunk + file.slice(at + chunk.length);
      });
      expect(unseal(key, file, 'x'), `parts of ${size}`).toBe(text);
      expect(file).toHaveLength(seal(key, text, 'x').length);
      expect(bytes).toBe(file.length);
      expect(envelopeId(file)).toBe(id);
    }
  });

  it('refuses a planted plaintext file', () => {
    expect(() => unseal(key, JSON.stringify({ version: 1, accounts: [] }), 'x')).toThrow(SealedEnvelopeError);
  });
});
