import type { AccountRow } from '../../src-shared/ipc/models.js';
import type { CachedSnapshot } from './snapshot.js';

/**
 * Each snapshot's rows by id, built on first use and kept up to date by the in-place edits
 * (snapshot-edit.ts), so finding one account (accounts:get, an edit) is a map lookup rather than a
 * search of the list. Kept beside the snapshot, not in it, so it is never written to the cache.
 */
const indexes = new WeakMap<CachedSnapshot, Map<string, AccountRow>>();

function indexOf(snapshot: CachedSnapshot): Map<string, AccountRow> {
  let index = indexes.get(snapshot);
  if (!index) {
    index = new Map();
    for (const row of snapshot.accounts) index.set(row.id, row);
    indexes.set(snapshot, index);
  }
  return index;
}

/** The snapshot's row of an account; undefined when it holds none. */
export function accountRow(snapshot: CachedSnapshot, id: string): AccountRow | undefined {
  return indexOf(snapshot).get(id);
}

/** For the in-place edits: the row of `id` is now `row` (undefined: removed). */
export function noteRow(snapshot: CachedSnapshot, id: string, row: AccountRow | undefined): void {
  const index = indexes.get(snapshot);
  if (!index) return; // Not built yet: it is built from the list, which is already right.
  if (row) index.set(id, row);
  else index.delete(id);
}
