import { z } from 'zod';
import type { CacheStore } from './cache-store.js';

/** One cached first page: the items as the server sent them (already checked with the shared schemas). */
export interface CachedFirstPage {
  key: string;
  asOf: string;
  items: unknown[];
  nextCursor: string | null;
}

const PageFile = z.object({
  version: z.literal(1),
  pages: z.array(
    z.object({ key: z.string(), asOf: z.string(), items: z.array(z.unknown()), nextCursor: z.string().nullable() }),
  ),
});
export type PageFile = z.infer<typeof PageFile>;

/** A page file's plaintext to its value; throws when it is not what this app writes. */
export function parsePageFile(text: string): PageFile {
  return PageFile.parse(JSON.parse(text));
}

/** The keys of the cached pages: the audit trail, the caller's personal tokens, each account's log. */
export const PAGE_KEYS = {
  audit: 'audit',
  personalTokens: 'personal-tokens',
  logsPrefix: 'logs:',
  logs: (accountId: string) => `logs:${accountId}`,
} as const;

/** At most this many pages per connection (the least recently read go first): 50 logs, audit, personal tokens. */
export const MAX_CACHED_PAGES = 52;

/**
 * The first pages of request logs and the audit trail, and the list of the caller's personal tokens,
 * per connection, so the app can show the last ones it read while offline. One small encrypted document per connection next to its snapshot (the
 * same sealed envelope, its own associated data), so a keychain reset sets it aside with the rest.
 * Logs and audit rows hold no secrets, but they are the domain's data and are encrypted like it.
 */
export class PageCache {
  readonly #open: (connectionId: string) => CacheStore<PageFile>;
  readonly #held = new Map<string, { store: CacheStore<PageFile>; pages: PageFile['pages'] }>();
  readonly #max: number;
  readonly #onChange: (connectionId: string, key: string) => void;

  /** `onChange` hears of every page that changed (not one put again the same). */
  constructor(
    open: (connectionId: string) => CacheStore<PageFile>,
    options: { max?: number; onChange?: (connectionId: string, key: string) => void } = {},
  ) {
    this.#open = open;
    this.#max = options.max ?? MAX_CACHED_PAGES;
    this.#onChange = options.onChange ?? (() => undefined);
  }

  /** The keys held, least recently read first. */
  keys(connectionId: string): string[] {
    return this.#entry(connectionId).pages.map((page) => page.key);
  }

  get(connectionId: string, key: string): CachedFirstPage | null {
    return this.#entry(connectionId).pages.find((page) => page.key === key) ?? null;
  }

  /**
   * Keeps the page as the most recent one; drops the oldest beyond the bound. Never throws. A page
   * the same as the one held is not written again (a sync that finds nothing new writes nothing):
   * only its `asOf` moves on, in memory, so after a restart the age shown is when it last changed.
   */
  put(connectionId: string, page: CachedFirstPage): void {
    const entry = this.#entry(connectionId);
    const held = entry.pages.find((p) => p.key === page.key);
    const same = held !== undefined && held.nextCursor === page.nextCursor && sameItems(held.items, page.items);
    entry.pages = [...entry.pages.filter((p) => p.key !== page.key), page].slice(-this.#max);
    if (same) return;
    this.#onChange(connectionId, page.key);
    try {
      entry.store.save({ version: 1, pages: entry.pages });
    } catch {
      // The copy in memory still serves this session; a cache is not worth failing the answer for.
    }
  }

  /** Keeps only the pages whose key `keep` accepts; saves (never throws) only when one went. */
  retain(connectionId: string, keep: (key: string) => boolean): void {
    const entry = this.#entry(connectionId);
    const kept = entry.pages.filter((page) => keep(page.key));
    if (kept.length === entry.pages.length) return;
    entry.pages = kept;
    try {
      entry.store.save({ version: 1, pages: kept });
    } catch {
      // The file would keep pages the user may no longer see: remove it rather than leave them.
      try {
        entry.store.remove();
      } catch {
        // Nothing more to do; the next page read writes the file anew.
      }
    }
  }

  drop(connectionId: string): void {
    (this.#held.get(connectionId)?.store ?? this.#open(connectionId)).remove();
    this.#held.delete(connectionId);
  }

  #entry(connectionId: string): { store: CacheStore<PageFile>; pages: PageFile['pages'] } {
    let entry = this.#held.get(connectionId);
    if (!entry) {
      const store = this.#open(connectionId);
      // A damaged file was set aside by the load: the pages start empty and are read again.
      entry = { store, pages: store.load().value?.pages ?? [] };
      this.#held.set(connectionId, entry);
    }
    return entry;
  }
}

function sameItems(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
