import { z } from 'zod';
import { ConfDocument } from './conf-document.js';
import type { StoreFactory } from './conf-store.js';
import { seal, unseal } from './sealed-envelope.js';
import { escapeNonAscii } from './snapshot-store.js';

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
type PageFile = z.infer<typeof PageFile>;

export const PAGE_EXTENSION = 'pages';
/** At most this many first pages per connection (the least recently read go first). */
export const MAX_CACHED_PAGES = 51;

/**
 * The first pages of request logs and the audit trail, per connection, so the app can show the last
 * ones it read while offline. One small encrypted document per connection next to its snapshot (the
 * same sealed envelope, its own associated data), so a keychain reset sets it aside with the rest.
 * Logs and audit rows hold no secrets, but they are the domain's data and are encrypted like it.
 */
export class PageCache {
  readonly #open: (connectionId: string) => PageDocument;
  readonly #held = new Map<string, { doc: PageDocument; pages: PageFile['pages'] }>();
  readonly #max: number;

  constructor(open: (connectionId: string) => PageDocument, options: { max?: number } = {}) {
    this.#open = open;
    this.#max = options.max ?? MAX_CACHED_PAGES;
  }

  get(connectionId: string, key: string): CachedFirstPage | null {
    return this.#entry(connectionId).pages.find((page) => page.key === key) ?? null;
  }

  /** Keeps the page as the most recent one; drops the oldest beyond the bound. Never throws. */
  put(connectionId: string, page: CachedFirstPage): void {
    const entry = this.#entry(connectionId);
    entry.pages = [...entry.pages.filter((held) => held.key !== page.key), page].slice(-this.#max);
    try {
      entry.doc.save({ version: 1, pages: entry.pages });
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
      entry.doc.save({ version: 1, pages: kept });
    } catch {
      // The file would keep pages the user may no longer see: remove it rather than leave them.
      try {
        entry.doc.remove();
      } catch {
        // Nothing more to do; the next page read writes the file anew.
      }
    }
  }

  drop(connectionId: string): void {
    (this.#held.get(connectionId)?.doc ?? this.#open(connectionId)).remove();
    this.#held.delete(connectionId);
  }

  #entry(connectionId: string): { doc: PageDocument; pages: PageFile['pages'] } {
    let entry = this.#held.get(connectionId);
    if (!entry) {
      const doc = this.#open(connectionId);
      entry = { doc, pages: doc.load()?.pages ?? [] };
      this.#held.set(connectionId, entry);
    }
    return entry;
  }
}

/** Where a connection's pages are kept. */
export interface PageDocument {
  load(): PageFile | null;
  save(file: PageFile): void;
  remove(): void;
}

/** The encrypted file (a damaged or undecryptable one is set aside and starts empty). */
export function encryptedPageDocument(options: {
  dir: string;
  name: string;
  key: Buffer;
  factory: StoreFactory;
}): PageDocument {
  const label = `pages:${options.name}.${PAGE_EXTENSION}`;
  const doc = new ConfDocument<PageFile>({
    dir: options.dir,
    name: options.name,
    extension: PAGE_EXTENSION,
    factory: options.factory,
    seal: (text) => seal(options.key, escapeNonAscii(text), label),
    unseal: (fileText) => unseal(options.key, fileText, label),
    parse: (text) => PageFile.parse(JSON.parse(text)),
  });
  return {
    load: () => doc.load().value,
    save: (file) => doc.save(file),
    remove: () => doc.remove(),
  };
}

/** For a machine without a keychain: nothing is written. */
export function memoryPageDocument(): PageDocument {
  let held: PageFile | null = null;
  return {
    load: () => held,
    save: (file) => void (held = file),
    remove: () => void (held = null),
  };
}
