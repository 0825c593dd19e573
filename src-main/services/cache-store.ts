/** What a load found: the stored value (null: nothing stored yet), or damage that was set aside. */
export type CacheLoad<T> =
  { value: T | null; setAside: false } | { value: null; setAside: true; movedTo: string | null };

/**
 * Where one cached value of one connection is kept (its snapshot, its first pages of logs and audit).
 * Today a whole sealed file (sealed-file-store.ts), or memory on a machine without a keychain; kept
 * this small so what is behind it can change (a journal, say) without its users changing.
 */
export interface CacheStore<T> {
  /** Reads the stored value. Never throws: data that cannot be read is set aside and reported. */
  load(): CacheLoad<T>;
  /** Replaces the stored value as a whole, atomically: a crash leaves the old value or the new one. */
  save(value: T): void;
  /** Deletes the stored value. */
  remove(): void;
  /**
   * For damage found after `load` (a part read lazily): sets the stored data aside as `load` would
   * have, and returns where it went (null: nowhere, it was dropped). The next `save` starts anew.
   */
  setAside(): string | null;
}

/**
 * A store that can also take a change as what changed: `update` is given the value with the changes
 * already applied, and the changes; it writes the changes alone where it can (an append to a
 * journal), else the whole value. A crash loses at most the update being written.
 */
export interface JournaledStore<T, C> extends CacheStore<T> {
  update(value: T, changes: readonly C[]): void;
}

/** For a machine with no keychain: nothing is written, so nothing can outlive the app. */
export class MemoryCacheStore<T, C = never> implements JournaledStore<T, C> {
  #value: T | null = null;

  load(): CacheLoad<T> {
    return { value: this.#value, setAside: false };
  }

  save(value: T): void {
    this.#value = value;
  }

  update(value: T): void {
    this.#value = value;
  }

  remove(): void {
    this.#value = null;
  }

  setAside(): string | null {
    this.#value = null;
    return null;
  }
}
