import { basename } from 'node:path';
import type { SnapshotStore } from './cache-files.js';
import type { CachedSnapshot } from './snapshot.js';
import { applyEdits, type SnapshotEdit } from './snapshot-edit.js';

interface Entry {
  store: SnapshotStore;
  snapshot: CachedSnapshot | null;
  /**
   * Edits made since the last `replace`, numbered. A sync that was running while one was made built
   * its snapshot from the one before it, or read the server before it happened: `replace` applies the
   * edits made after the sync's `mark` again over what it is given, so a change does not vanish until
   * the next sync. Edits from before the mark are already in what the sync read.
   */
  edits: { seq: number; edit: SnapshotEdit }[];
}

/**
 * The snapshots in memory, one per connection, each read from its file once. A sync's snapshot goes
 * to the file first (atomically) and replaces the in-memory copy only when that succeeded; an edit
 * (see `edit`) changes the copy in memory first, in place, and goes to the file as what changed (one
 * journal record, see journaled-file-store.ts).
 */
export class SnapshotCache {
  readonly #entries = new Map<string, Entry>();
  #editSeq = 0;
  readonly #makeStore: (connectionId: string) => SnapshotStore;

  constructor(makeStore: (connectionId: string) => SnapshotStore) {
    this.#makeStore = makeStore;
  }

  /** Loads the file the first time; `recovered` is non-null only on the load that set a bad file aside. */
  ensure(connectionId: string): { snapshot: CachedSnapshot | null; recovered: string | null } {
    const entry = this.#entries.get(connectionId);
    if (entry) return { snapshot: entry.snapshot, recovered: null };
    const store = this.#makeStore(connectionId);
    const loaded = store.load();
    // A file that belongs to another connection (it would not decrypt, but be strict) is not used.
    const snapshot = loaded.value?.connectionId === connectionId ? loaded.value : null;
    this.#entries.set(connectionId, { store, snapshot, edits: [] });
    return { snapshot, recovered: loaded.setAside ? recoveredMessage(loaded.movedTo) : null };
  }

  get(connectionId: string): CachedSnapshot | null {
    return this.ensure(connectionId).snapshot;
  }

  /** Taken by a sync when it starts; pass it to `replace` when it commits. */
  mark(): number {
    return this.#editSeq;
  }

  /**
   * Saves a new snapshot from sync, with the edits made after `since` (a `mark`) applied over it; an
   * edit the sync already saw is skipped (see `applyEdit`). Without `since`, none are. Returns what
   * was saved.
   */
  replace(connectionId: string, snapshot: CachedSnapshot, since?: number): CachedSnapshot {
    this.ensure(connectionId);
    const entry = this.#entries.get(connectionId)!;
    const replay = since === undefined ? [] : entry.edits.filter((e) => e.seq > since).map((e) => e.edit);
    // The snapshot is the sync's own, so the edits go into it in place.
    applyEdits(snapshot, replay, 'same-or-older');
    entry.store.save(snapshot);
    entry.snapshot = snapshot;
    entry.edits = [];
    return snapshot;
  }

  /**
   * Applies changes the server confirmed to the snapshot in memory (in place), then writes what
   * changed, all of them as one journal record. The copy in memory is updated even when the write
   * throws: the file then holds the previous state with its own (earlier) syncCursor, which is still
   * consistent, and the next sync saves both again. Returns false when there is no snapshot to change
   * (the next sync brings the change).
   */
  edit(connectionId: string, edits: SnapshotEdit | readonly SnapshotEdit[]): boolean {
    this.ensure(connectionId);
    const entry = this.#entries.get(connectionId)!;
    const list = Array.isArray(edits) ? (edits as readonly SnapshotEdit[]) : [edits as SnapshotEdit];
    // Kept even with no snapshot yet: a first sync may be running, and its result needs them too.
    for (const edit of list) entry.edits.push({ seq: ++this.#editSeq, edit });
    if (entry.snapshot === null) return false;
    const applied = applyEdits(entry.snapshot, list);
    if (applied.length === 0) return true;
    this.changed(connectionId, applied);
    entry.store.update(entry.snapshot, applied);
    return true;
  }

  /**
   * Called when edits changed a connection's snapshot in memory, before they are written (a write
   * that fails still leaves them in what the app shows). For a subclass that reports changes.
   */
  protected changed(_connectionId: string, _edits: readonly SnapshotEdit[]): void {}

  /**
   * A sync that found nothing new: the snapshot in memory takes the sync's time and cursor, and
   * nothing is written (the file's older cursor still brings every later change). The edits made
   * before `since` are in what the server answered, so they are no longer kept for a replay.
   */
  touch(connectionId: string, asOf: string, syncCursor: string, since: number): void {
    const entry = this.#entries.get(connectionId);
    if (!entry?.snapshot) return;
    entry.snapshot.asOf = asOf;
    entry.snapshot.syncCursor = syncCursor;
    entry.edits = entry.edits.filter((e) => e.seq > since);
  }

  /**
   * Replaces the snapshot held with what `restrict` keeps of it, in memory and on disk (the rights it
   * was fetched under are gone). The edits made since the last `replace` stay, for the sync that is
   * running. A file that cannot be written is removed rather than left holding more than was kept.
   * May throw `CorruptSnapshotError` (from `restrict`), changing nothing.
   */
  restrict(connectionId: string, restrict: (snapshot: CachedSnapshot) => CachedSnapshot): void {
    this.ensure(connectionId);
    const entry = this.#entries.get(connectionId)!;
    if (entry.snapshot === null) return;
    entry.snapshot = restrict(entry.snapshot);
    try {
      entry.store.save(entry.snapshot);
    } catch {
      try {
        entry.store.remove();
      } catch {
        // Nothing more to do here; the sync that follows writes the file again when it commits.
      }
    }
  }

  /**
   * The snapshot in memory turned out damaged after its load (its tokens part would not parse): the
   * file is moved aside and the snapshot forgotten. Returns the message for the user.
   */
  setAside(connectionId: string): string {
    this.ensure(connectionId);
    const entry = this.#entries.get(connectionId)!;
    entry.snapshot = null;
    entry.edits = [];
    return recoveredMessage(entry.store.setAside());
  }

  /** Deletes the connection's cache file and forgets the snapshot. */
  drop(connectionId: string): void {
    const entry = this.#entries.get(connectionId);
    const store = entry?.store ?? this.#makeStore(connectionId);
    store.remove();
    this.#entries.delete(connectionId);
  }
}

/** What the user is told when the saved copy could not be read, in plain words. */
function recoveredMessage(movedTo: string | null): string {
  const where = movedTo
    ? `It was moved aside as ${basename(movedTo)}`
    : 'It could not be moved aside and will be overwritten';
  return `The saved copy of this connection's data could not be read (it was damaged or written with another key). ${where}, and everything is being downloaded again from the server.`;
}
