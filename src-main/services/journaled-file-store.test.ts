import { randomBytes } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

  it('past its share of the base, the journal is folded into a new base and starts again', () => {
    const cache = withEdits(0);
    const base = statSync(store().basePath, { bigint: true });
    let edits = 0;
    while (readdirSync(dir.path).includes('c1.journal') || edits === 0) {
      cache.edit('c1', describeAs(`edit ${++edits}`));
      if (edits > 5_000) throw new Error('the journal was never compacted');
    }
    // The base was rewritten (new envelope), the journal removed; nothing was lost.
    expect(statSync(store().basePath, { bigint: true }).mtimeNs).not.toBe(base.mtimeNs);
    expect(reopen().get('c1')!.accounts[1]!.description).toBe(`edit ${edits}`);
    cache.edit('c1', describeAs('after'));
    expect(reopen().get('c1')!.accounts[1]!.description).toBe('after');
  });

  it('remove deletes the base and the journal', () => {
    withEdits(2);
    reopen().drop('c1');
    expect(readdirSync(dir.path)).toEqual([]);
  });
});
