import type { CachedSnapshot } from './snapshot.js';
import type { SnapshotStore } from './snapshot-store.js';

interface Entry {
  store: SnapshotStore;
  snapshot: CachedSnapshot | null;
}

/**
 * The snapshots in memory, one per connection, each read from its file once. Writes go to the file
 * first (atomically) and replace the in-memory copy only when that succeeded.
 */
export class SnapshotCache {
  readonly #entries = new Map<string, Entry>();
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
    const snapshot = loaded.snapshot?.connectionId === connectionId ? loaded.snapshot : null;
    this.#entries.set(connectionId, { store, snapshot });
    return { snapshot, recovered: loaded.recovered };
  }

  get(connectionId: string): CachedSnapshot | null {
    return this.ensure(connectionId).snapshot;
  }

  replace(connectionId: string, snapshot: CachedSnapshot): void {
    this.ensure(connectionId);
    const entry = this.#entries.get(connectionId)!;
    entry.store.save(snapshot);
    entry.snapshot = snapshot;
  }

  /**
   * The snapshot in memory turned out damaged after its load (its tokens part would not parse): the
   * file is moved aside and the snapshot forgotten. Returns the message for the user.
   */
  setAside(connectionId: string): string {
    this.ensure(connectionId);
    const entry = this.#entries.get(connectionId)!;
    entry.snapshot = null;
    return entry.store.setAside();
  }

  /** Deletes the connection's cache file and forgets the snapshot. */
  drop(connectionId: string): void {
    const entry = this.#entries.get(connectionId);
    const store = entry?.store ?? this.#makeStore(connectionId);
    store.remove();
    this.#entries.delete(connectionId);
  }
}
