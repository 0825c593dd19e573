import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountRow } from '../../src-shared/ipc/models.js';
import { openCacheStores } from './cache-files.js';
import type { JournaledFileStore } from './journaled-file-store.js';
import type { CachedSnapshot } from './snapshot.js';
import { SnapshotCache } from './snapshot-cache.js';
import type { SnapshotEdit } from './snapshot-edit.js';
import { journalStore } from './test-support/crash-writer.js';
import { makeAccount } from './test-support/fixtures.js';
import { makeSnapshot, plainSnapshot } from './test-support/snapshots.js';
import { tempDir } from './test-support/temp-dir.js';

function row(index: number, change: Partial<AccountRow> = {}): AccountRow {
  const { tokens: _tokens, ...account } = makeAccount(index, 0);
  return { ...account, updatedAt: '2026-01-01T00:00:00.000Z', ...change };
}

const describeAs = (description: string): SnapshotEdit => ({ kind: 'put', row: row(1, { description }) });

describe('the snapshot journal (a sealed base plus sealed, appended edits)', () => {
  let dir: { path: string; cleanup: () => void };
  const key = randomBytes(32);
  const store = (withKey = key) =>
    openCacheStores({ dir: dir.path, key: withKey, persistent: true }).snapshot('c1') as JournaledFileStore<
      CachedSnapshot,
      SnapshotEdit
    >;
  const reopen = () => new SnapshotCache(() => store());
  const journal = () => readFileSync(store().path, 'latin1');
  /** A cache with a saved base and `n` edits (descriptions `edit 1` … `edit n`). */
  const withEdits = (n: number) => {
    const cache = reopen();
    cache.replace('c1', makeSnapshot('c1', 3, 2, '5'));
    for (let i = 1; i <= n; i++) cache.edit('c1', describeAs(`edit ${i}`));
    return cache;
  };

  beforeEach(() => {
    dir = tempDir('journal');
  });
  afterEach(() => dir.cleanup());

  it('an edit appends one sealed record and leaves the base file as it was; a load replays it', () => {
    const cache = withEdits(0);
    const base = statSync(store().basePath, { bigint: true });
    cache.edit('c1', [describeAs('first'), { kind: 'remove', id: 'sa_000002' }]);
    cache.edit('c1', describeAs('second'));
    const after = statSync(store().basePath, { bigint: true });
    expect([after.size, after.mtimeNs]).toEqual([base.size, base.mtimeNs]);
    // A clear header naming the base, then one line per edit call.
    const lines = journal().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!)).toEqual({ journal: 1, base: expect.any(String) as unknown });
    expect(lines.at(-1)).toBe('');
    expect(journal()).not.toContain('second');
    expect(statSync(store().path).mode & 0o777).toBe(0o600);

    const loaded = reopen().get('c1')!;
    expect(loaded.accounts.map((a) => [a.id, a.description])).toEqual([
      ['sa_000000', makeAccount(0, 0).description],
      ['sa_000001', 'second'],
    ]);
    // The tokens part stays text until it is needed, journal or not.
    expect(loaded.tokens.parsed).toBe(false);
    expect(plainSnapshot(loaded)).toEqual(plainSnapshot(cache.get('c1')));
  });

  it('a torn last record (killed mid-append) is dropped and cut off; the next edit follows the good ones', () => {
    withEdits(2);
    const good = journal();
    appendFileSync(store().path, good.split('\n')[2]!.slice(0, 40));
    expect(reopen().get('c1')!.accounts[1]!.description).toBe('edit 2');
    expect(journal()).toBe(good);

    const cache = reopen();
    cache.edit('c1', describeAs('edit 3'));
    expect(reopen().get('c1')!.accounts[1]!.description).toBe('edit 3');
  });

  it('a complete last record that does not open is dropped too (the change being written)', () => {
    withEdits(2);
    const lines = journal().split('\n');
    lines[2] = lines[2]!.replace(/"data":"(.)/, (_m, c: string) => `"data":"${c === 'A' ? 'B' : 'A'}`);
    writeFileSync(store().path, lines.join('\n'));
    expect(reopen().ensure('c1')).toMatchObject({ recovered: null });
    expect(reopen().get('c1')!.accounts[1]!.description).toBe('edit 1');
  });

  it('a damaged record before the last is a damaged cache: base and journal are set aside, and it says so', () => {
    withEdits(3);
    const lines = journal().split('\n');
    lines[1] = lines[1]!.replace(/"data":"(.)/, (_m, c: string) => `"data":"${c === 'A' ? 'B' : 'A'}`);
    writeFileSync(store().path, lines.join('\n'));
    const { snapshot, recovered } = reopen().ensure('c1');
    expect(snapshot).toBeNull();
    expect(recovered).toMatch(/moved aside as c1\.cache\.corrupt-/);
    const names = readdirSync(dir.path);
    expect(names.some((n) => n.startsWith('c1.cache.corrupt-'))).toBe(true);
    expect(names.some((n) => n.startsWith('c1.journal.corrupt-'))).toBe(true);
    expect(names).not.toContain('c1.journal');
  });

  it('records cannot be reordered or moved to another base: each is sealed to its place and its base', () => {
    withEdits(3);
    const lines = journal().split('\n');
    [lines[1], lines[2]] = [lines[2]!, lines[1]!];
    writeFileSync(store().path, lines.join('\n'));
    expect(reopen().ensure('c1').recovered).toMatch(/moved aside/);

    // A journal of one base put beside another base (same key, same connection).
    dir.cleanup();
    dir = tempDir('journal');
    withEdits(2);
    const oldJournal = journal();
    const header = oldJournal.slice(0, oldJournal.indexOf('\n'));
    reopen().replace('c1', makeSnapshot('c1', 3, 2, '6'));
    reopen().edit('c1', describeAs('on the new base'));
    const newHeader = journal().slice(0, journal().indexOf('\n'));
    expect(newHeader).not.toBe(header);
    // The old records under the new base's header: they do not open.
    writeFileSync(store().path, `${newHeader}${oldJournal.slice(oldJournal.indexOf('\n'))}`);
    expect(reopen().ensure('c1').recovered).toMatch(/moved aside/);
  });

  it('a journal left from before the base was rewritten (killed between the two) is dropped: the base has it all', () => {
    const cache = withEdits(2);
    const oldJournal = journal();
    cache.replace('c1', makeSnapshot('c1', 3, 2, '9'));
    // As if killed after the new base's rename and before the journal's removal.
    writeFileSync(store().path, oldJournal);
    const loaded = reopen().ensure('c1');
    expect(loaded.recovered).toBeNull();
    expect(loaded.snapshot!.syncCursor).toBe('9');
    expect(readdirSync(dir.path)).toEqual(['c1.cache']);
  });

  /** Edits until the journal passes its share and a compaction starts; answers how many were made. */
  const editUntilCompacting = (cache: SnapshotCache, s: JournaledFileStore<CachedSnapshot, SnapshotEdit>) => {
    let edits = 0;
    while (!s.compacting) {
      cache.edit('c1', describeAs(`edit ${++edits}`));
      if (edits > 5_000) throw new Error('the journal was never compacted');
    }
    return edits;
  };

  it('past its share of the base, the journal is folded into a new base by a worker, and starts again', async () => {
    const s = store();
    const cache = new SnapshotCache(() => s);
    cache.replace('c1', makeSnapshot('c1', 3, 2, '5'));
    const base = statSync(s.basePath, { bigint: true });
    const edits = editUntilCompacting(cache, s);
    // The update that passed the share appended its record; the fold happens off the main thread.
    expect(statSync(s.basePath, { bigint: true }).mtimeNs).toBe(base.mtimeNs);
    await s.compacted();
    // The base was rewritten (new envelope), the journal removed; nothing was lost.
    expect(statSync(s.basePath, { bigint: true }).mtimeNs).not.toBe(base.mtimeNs);
    expect(readdirSync(dir.path)).toEqual(['c1.cache']);
    expect(reopen().get('c1')!.accounts[1]!.description).toBe(`edit ${edits}`);
    cache.edit('c1', describeAs('after'));
    expect(reopen().get('c1')!.accounts[1]!.description).toBe('after');
    // A second compaction works as well (the key the store holds was copied for the worker, not moved).
    const again = editUntilCompacting(cache, s);
    await s.compacted();
    expect(readdirSync(dir.path)).toEqual(['c1.cache']);
    expect(reopen().get('c1')!.accounts[1]!.description).toBe(`edit ${again}`);
  });

  it("edits made while the worker compacts go to the new base's journal; a kill between its steps loses none", async () => {
    const s = store();
    const cache = new SnapshotCache(() => s);
    cache.replace('c1', makeSnapshot('c1', 3, 2, '5'));
    editUntilCompacting(cache, s);
    cache.edit('c1', describeAs('during 1'));
    cache.edit('c1', [describeAs('during 2'), { kind: 'remove', id: 'sa_000002' }]);
    // On disk now: the old base with every record in its journal (what a kill here finds).
    const oldBase = readFileSync(s.basePath);
    const oldJournal = journal();
    expect(reopen().get('c1')!.accounts[1]!.description).toBe('during 2');
    await s.compacted();
    // The new base holds the folded records; the two made meanwhile are its journal's records 1 and 2.
    const newJournal = journal();
    expect(newJournal.split('\n')).toHaveLength(4);
    expect(newJournal.slice(0, newJournal.indexOf('\n'))).not.toBe(oldJournal.slice(0, oldJournal.indexOf('\n')));
    const expected = plainSnapshot(cache.get('c1'));
    expect(plainSnapshot(reopen().get('c1'))).toEqual(expected);

    // Killed after the new base was renamed in place, before `.journal.next` replaced the journal.
    writeFileSync(`${s.path}.next`, newJournal);
    writeFileSync(s.path, oldJournal);
    expect(plainSnapshot(reopen().get('c1'))).toEqual(expected);
    expect(readdirSync(dir.path).sort()).toEqual(['c1.cache', 'c1.journal']);
    expect(journal()).toBe(newJournal);

    // Killed before the new base was renamed in place: the old base and journal, and a `.journal.next`
    // that follows a base that never arrived (dropped).
    writeFileSync(s.basePath, oldBase);
    writeFileSync(s.path, oldJournal);
    writeFileSync(`${s.path}.next`, newJournal);
    expect(plainSnapshot(reopen().get('c1'))).toEqual(expected);
    expect(readdirSync(dir.path).sort()).toEqual(['c1.cache', 'c1.journal']);
    expect(journal()).toBe(oldJournal);
  });

  it("a whole save while the worker compacts wins: the worker's base is dropped", async () => {
    const s = store();
    const cache = new SnapshotCache(() => s);
    cache.replace('c1', makeSnapshot('c1', 3, 2, '5'));
    editUntilCompacting(cache, s);
    cache.replace('c1', makeSnapshot('c1', 4, 2, '6'));
    await s.compacted();
    const loaded = reopen().get('c1')!;
    expect([loaded.syncCursor, loaded.accounts.length]).toEqual(['6', 4]);
    expect(readdirSync(dir.path)).toEqual(['c1.cache']);
  });

  it('the base and journal a compaction replaces are freed off the main thread; a kill before that loses nothing', async () => {
    // The last unlink of a file drops its cached pages and frees its blocks on the thread that makes
    // it (280 ms for a 231 MB base): the main thread's step may only take names away, never the last.
    const waiting: string[] = [];
    let free = (): void => undefined;
    const freeing = new Promise<void>((resolve) => (free = resolve));
    const s = journalStore(dir.path, key, 1, (path) => {
      waiting.push(path);
      return freeing.then(() => rmSync(path, { force: true }));
    });
    const cache = new SnapshotCache(() => s);
    cache.replace('crash', makeSnapshot('crash', 3, 2, '5'));
    const oldBase = openSync(s.basePath, 'r');
    cache.edit('crash', describeAs('folded'));
    expect(s.compacting).toBe(true);
    cache.edit('crash', describeAs('during'));
    const oldJournal = openSync(s.path, 'r');
    try {
      while (s.compacting) await new Promise((resolve) => setTimeout(resolve, 5));
      // The new base and journal are in place; the old files still have a (temp) name each.
      expect([fstatSync(oldBase).nlink, fstatSync(oldJournal).nlink]).toEqual([1, 1]);
      expect(waiting.map((path) => path.slice(dir.path.length + 1).replace(/-\d+-[0-9a-f]+$/, ''))).toEqual([
        'crash.cache.tmp',
        'crash.journal.tmp',
      ]);
      expect(readdirSync(dir.path)).toHaveLength(4);
      // Killed before they were freed: the next load removes the temp names and reads the new files.
      expect(new SnapshotCache(() => journalStore(dir.path, key)).get('crash')!.accounts[1]!.description).toBe(
        'during',
      );
      expect(readdirSync(dir.path).sort()).toEqual(['crash.cache', 'crash.journal']);
      expect([fstatSync(oldBase).nlink, fstatSync(oldJournal).nlink]).toEqual([0, 0]);
      free();
      await s.compacted();
      expect(readdirSync(dir.path).sort()).toEqual(['crash.cache', 'crash.journal']);
    } finally {
      closeSync(oldBase);
      closeSync(oldJournal);
    }
  });

  it('remove deletes the base and the journal', () => {
    withEdits(2);
    reopen().drop('c1');
    expect(readdirSync(dir.path)).toEqual([]);
  });
});
