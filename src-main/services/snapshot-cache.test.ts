import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountRow } from '../../src-shared/ipc/models.js';
import { openCacheStores } from './cache-files.js';
import type { JournaledFileStore } from './journaled-file-store.js';
import type { CachedSnapshot } from './snapshot.js';
import { SnapshotCache } from './snapshot-cache.js';
import type { SnapshotEdit } from './snapshot-edit.js';
import { makeAccount } from './test-support/fixtures.js';
import { makeSnapshot, plainSnapshot } from './test-support/snapshots.js';
import { tempDir } from './test-support/temp-dir.js';

function row(index: number, change: Partial<AccountRow> = {}): AccountRow {
  const { tokens: _tokens, ...account } = makeAccount(index, 0);
  return { ...account, updatedAt: '2026-01-01T00:00:00.000Z', ...change };
}

describe('SnapshotCache edits (sealed files on disk)', () => {
  let dir: { path: string; cleanup: () => void };
  const key = randomBytes(32);
  const store = (id: string) =>
    openCacheStores({ dir: dir.path, key, persistent: true }).snapshot(id) as JournaledFileStore<
      CachedSnapshot,
      SnapshotEdit
    >;
  /** A fresh cache over the same folder: what the app sees after a restart. */
  const reopen = () => new SnapshotCache(store);

  beforeEach(() => {
    dir = tempDir('cache-edit');
  });
  afterEach(() => dir.cleanup());

  it('persists an insert, a replace and a removal, each with the syncCursor and asOf unchanged', () => {
    const cache = reopen();
    const synced = makeSnapshot('c1', 3, 2, '17');
    cache.replace('c1', synced);

    expect(cache.edit('c1', { kind: 'put', row: row(8, { id: 'sa_new', name: 'zz_new' }), tokens: [] })).toBe(true);
    let loaded = reopen().get('c1')!;
    expect(loaded.accounts.map((a) => a.id)).toEqual(['sa_000000', 'sa_000001', 'sa_000002', 'sa_new']);
    expect(loaded.tokens.get('sa_new')).toEqual([]);
    expect(loaded).toMatchObject({ syncCursor: '17', asOf: synced.asOf });

    cache.edit('c1', { kind: 'put', row: row(1, { description: 'Edited', enabled: false }) });
    loaded = reopen().get('c1')!;
    expect(loaded.accounts[1]).toMatchObject({ id: 'sa_000001', description: 'Edited', enabled: false });
    // Tokens kept on replace, also across the file.
    expect(loaded.tokens.get('sa_000001')).toEqual(synced.tokens.get('sa_000001'));
    expect(loaded.tokens.get('sa_000001')).toHaveLength(2);

    cache.edit('c1', { kind: 'remove', id: 'sa_000002' });
    loaded = reopen().get('c1')!;
    expect(loaded.accounts.map((a) => a.id)).toEqual(['sa_000000', 'sa_000001', 'sa_new']);
    expect(loaded.tokens.get('sa_000002')).toBeUndefined();
    expect(loaded.syncCursor).toBe('17');
    // What is in memory is what is on disk.
    expect(plainSnapshot(cache.get('c1'))).toEqual(plainSnapshot(loaded));
  });

  it('with no snapshot yet there is nothing to change and no file is written', () => {
    const cache = reopen();
    expect(cache.edit('c1', { kind: 'put', row: row(1), tokens: [] })).toBe(false);
    expect(cache.get('c1')).toBeNull();
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('a sync that started before an edit gets the edit applied over its result; one that started after does not', () => {
    const cache = reopen();
    cache.replace('c1', makeSnapshot('c1', 3, 2, '5'));
    const before = cache.mark();
    cache.edit('c1', { kind: 'put', row: row(9, { id: 'sa_new', name: 'zz_new' }), tokens: [] });
    cache.edit('c1', { kind: 'remove', id: 'sa_000000' });
    // The sync read the server before the edits: its snapshot lacks both.
    const saved = cache.replace('c1', makeSnapshot('c1', 3, 2, '6'), before);
    expect(saved.accounts.map((a) => a.id)).toEqual(['sa_000001', 'sa_000002', 'sa_new']);
    expect(saved.syncCursor).toBe('6');
    expect(
      reopen()
        .get('c1')!
        .accounts.map((a) => a.id),
    ).toEqual(['sa_000001', 'sa_000002', 'sa_new']);

    // The journal went with that replace: a later sync's result is taken as it is.
    const after = cache.mark();
    expect(cache.replace('c1', makeSnapshot('c1', 3, 2, '7'), after).accounts).toHaveLength(3);
  });

  it('a replayed edit does not overwrite what the sync saw as new or newer (its tokens included)', () => {
    const cache = reopen();
    cache.replace('c1', makeSnapshot('c1', 2, 2, '5'));
    const mark = cache.mark();
    const edited = row(1, { description: 'mine' });
    cache.edit('c1', { kind: 'put', row: edited, tokens: [] });
    const fromSync = makeSnapshot('c1', 2, 3, '6');
    fromSync.accounts[1] = { ...edited, description: 'mine, as the sync saw it' };
    const saved = cache.replace('c1', fromSync, mark);
    expect(saved.accounts[1]!.description).toBe('mine, as the sync saw it');
    expect(saved.tokens.get('sa_000001')).toHaveLength(3);
  });

  it('a save that fails keeps the edit in memory, throws, and leaves no half-written file', () => {
    const cache = reopen();
    cache.replace('c1', makeSnapshot('c1', 2, 2, '5'));
    // A directory where the journal goes: its atomic creation fails, as a full disk would.
    const path = store('c1').path;
    mkdirSync(path);
    expect(() => cache.edit('c1', { kind: 'remove', id: 'sa_000000' })).toThrow();
    expect(cache.get('c1')!.accounts.map((a) => a.id)).toEqual(['sa_000001']);
    rmSync(path, { recursive: true });
    // Nothing half-written was left behind: the base as the sync saved it, which still loads.
    expect(readdirSync(dir.path)).toEqual(['c1.cache']);
    expect(reopen().get('c1')!.accounts).toHaveLength(2);
  });

  it('a file that cannot be read is reported once, in plain words, with the name it was set aside under', () => {
    mkdirSync(dir.path, { recursive: true });
    writeFileSync(store('c1').basePath, 'garbage');
    const cache = reopen();
    expect(cache.ensure('c1')).toEqual({
      snapshot: null,
      recovered: expect.stringMatching(
        /^The saved copy of this connection's data could not be read \(it was damaged or written with another key\)\. It was moved aside as c1\.cache\.corrupt-[^ ]+, and everything is being downloaded again from the server\.$/,
      ) as unknown,
    });
    expect(cache.ensure('c1')).toEqual({ snapshot: null, recovered: null });
    cache.replace('c1', makeSnapshot('c1', 2, 2, '5'));
    expect(cache.setAside('c1')).toMatch(/moved aside as c1\.cache\.corrupt-/);
  });
});
