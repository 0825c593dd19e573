/**
 * Where the version that guards cached authentication comes from. `current()` returns the version
 * every instance agrees on, or null when it cannot be known, in which case nothing cached is used.
 *
 * It may answer at once (a version kept in memory) or as a promise (a read of the database).
 * With SQLite it is one primary-key read of auth_state per request, so a change committed by any
 * connection or process is seen by the very next request. A PostgreSQL deployment (several instances)
 * would keep it in memory, moved by LISTEN/NOTIFY on the same bumps, and return null while its
 * listener is down; the cache itself does not change.
 */
export interface AuthVersionSource {
  current(): number | null | Promise<number | null>;
}

/** What the cache keeps per token digest: the token id never changes; `state` is valid at `version`. */
interface Entry<S> {
  tokenId: string;
  version: number;
  state: S | null;
}

/**
 * A bounded map from a token's digest to its id and to what was resolved from it (token, owner, roles,
 * groups), least recently used first out. The id is kept however the version moves (a digest names one
 * token for good); the resolved state only while the version it was read at is still current.
 */
export class AuthCache<S> {
  private readonly entries = new Map<string, Entry<S>>();
  readonly capacity: number;

  constructor(capacity = 4096) {
    this.capacity = capacity;
  }

  /** The token id cached for `digest`, and its state if it was read at `version` (null: do not trust). */
  get(digest: string, version: number | null): { tokenId: string; state: S | null } | undefined {
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    // Re-inserting moves it to the end: Map keeps insertion order, so the first key is the least recent.
    this.entries.delete(digest);
    this.entries.set(digest, entry);
    return { tokenId: entry.tokenId, state: version !== null && entry.version === version ? entry.state : null };
  }

  set(digest: string, tokenId: string, version: number | null, state: S | null): void {
    this.entries.delete(digest);
    // A state read without a known version is never reused.
    this.entries.set(digest, { tokenId, version: version ?? -1, state: version === null ? null : state });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(digest: string): void {
    this.entries.delete(digest);
  }

  get size(): number {
    return this.entries.size;
  }
}
