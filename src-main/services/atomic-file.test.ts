import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moveAside, removeLeftoverTempFiles, writeFileAtomic } from './atomic-file.js';
import { tempDir } from './test-support/temp-dir.js';

describe('writeFileAtomic', () => {
  let dir: { path: string; cleanup: () => void };
  beforeEach(() => {
    dir = tempDir('atomic');
  });
  afterEach(() => dir.cleanup());

  it('replaces the whole file, 0600 whatever the umask, in a 0700 folder it makes', () => {
    const path = join(dir.path, 'nested', 'file.cache');
    const umask = process.umask(0);
    try {
      writeFileAtomic(path, 'first, and longer');
      writeFileAtomic(path, 'second');
    } finally {
      process.umask(umask);
    }
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir.path, 'nested')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir.path, 'nested'))).toEqual(['file.cache']);
  });

  it('a write that fails leaves the old file as it was and no temp file behind', () => {
    const path = join(dir.path, 'file.cache');
    writeFileAtomic(path, 'old');
    const blocked = join(dir.path, 'blocked.cache');
    // A folder where the file goes: the rename over it fails, after the data was written.
    mkdirSync(blocked);
    expect(() => writeFileAtomic(blocked, 'new')).toThrow();
    expect(readdirSync(dir.path).sort()).toEqual(['blocked.cache', 'file.cache']);
    expect(readFileSync(path, 'utf8')).toBe('old');
  });

  it('leftover temp files of a killed writer are removed, and only those of that file', () => {
    const path = join(dir.path, 'a.cache');
    writeFileSync(join(dir.path, 'a.cache.tmp-123-deadbeef'), 'half');
    writeFileSync(join(dir.path, 'b.cache.tmp-123-deadbeef'), 'someone else');
    writeFileAtomic(path, 'whole');
    removeLeftoverTempFiles(path);
    expect(readdirSync(dir.path).sort()).toEqual(['a.cache', 'b.cache.tmp-123-deadbeef']);
  });

  it('moveAside keeps the damaged file under a new name, never over an earlier one', () => {
    const path = join(dir.path, 'a.cache');
    const now = new Date('2026-01-31T10:00:00.000Z');
    writeFileSync(path, 'damaged 1');
    expect(moveAside(path, now)).toBe(`${path}.corrupt-2026-01-31T10-00-00-000Z`);
    writeFileSync(path, 'damaged 2');
    expect(moveAside(path, now)).toBe(`${path}.corrupt-2026-01-31T10-00-00-000Z-1`);
    expect(readFileSync(`${path}.corrupt-2026-01-31T10-00-00-000Z`, 'utf8')).toBe('damaged 1');
    expect(moveAside(path, now)).toBeNull();
  });
});
