import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir.js';
import { BINARY_SNIFF_BYTES, looksBinary, readFileCapped } from './read-file.js';

describe('readFileCapped', () => {
  let dir: { path: string; cleanup: () => void };
  beforeEach(() => {
    dir = tempDir('leak-read');
  });
  afterEach(() => dir.cleanup());

  it('reads a file up to the cap and refuses one byte more', async () => {
    const path = join(dir.path, 'a.txt');
    writeFileSync(path, 'x'.repeat(10));
    expect(await readFileCapped(path, 10)).toEqual({ ok: true, bytes: Buffer.from('x'.repeat(10)) });
    expect(await readFileCapped(path, 9)).toEqual({ ok: false, reason: 'too_large' });
  });

  it('a missing file, a folder and a symlink are unreadable', async () => {
    mkdirSync(join(dir.path, 'folder'));
    writeFileSync(join(dir.path, 'target.txt'), 'hello');
    symlinkSync(join(dir.path, 'target.txt'), join(dir.path, 'link.txt'));
    for (const name of ['missing.txt', 'folder', 'link.txt']) {
      expect(await readFileCapped(join(dir.path, name), 100)).toEqual({ ok: false, reason: 'unreadable' });
    }
  });

  it('an aborted signal rejects with its AbortError rather than calling the file unreadable', async () => {
    const path = join(dir.path, 'a.txt');
    writeFileSync(path, 'hello');
    await expect(readFileCapped(path, 100, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('looksBinary', () => {
  it('looks for a NUL byte in the first 8 KiB only', () => {
    const text = Buffer.alloc(BINARY_SNIFF_BYTES + 10, 'a');
    expect(looksBinary(text)).toBe(false);
    expect(looksBinary(Buffer.concat([text.subarray(0, BINARY_SNIFF_BYTES - 1), Buffer.from([0])]))).toBe(true);
    const late = Buffer.from(text);
    late[BINARY_SNIFF_BYTES] = 0;
    expect(looksBinary(late)).toBe(false);
  });
});
