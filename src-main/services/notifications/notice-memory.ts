/**
 * The keys of the notices already shown (notice-plan.ts `expiryKey`, `leakedKey`), kept across
 * restarts so that each is shown once. The app keeps them in its encrypted cache.
 */
export interface NoticeMemory {
  load(): Promise<Set<string>>;
  /** Replaces what was kept with `keys`. */
  save(keys: ReadonlySet<string>): Promise<void>;
}

/** Kept in memory only: for tests, and for a run with no cache to keep them in. */
export class MemoryNoticeMemory implements NoticeMemory {
  keys = new Set<string>();
  /** How many times `save` was called, so a test can tell that nothing was written. */
  saves = 0;

  load(): Promise<Set<string>> {
    return Promise.resolve(new Set(this.keys));
  }

  save(keys: ReadonlySet<string>): Promise<void> {
    this.saves++;
    this.keys = new Set(keys);
    return Promise.resolve();
  }
}
