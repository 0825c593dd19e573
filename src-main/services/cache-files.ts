import { join } from 'node:path';
import { MemoryCacheStore, type CacheStore, type JournaledStore } from './cache-store.js';
import { JournaledFileStore } from './journaled-file-store.js';
import { parsePageFile, type PageFile } from './page-cache.js';
import { parseSavedFile, type SavedFile } from './saved-entries.js';
import { parseNoticeFile, type NoticeFile } from './notifications/cached-notice-memory.js';
import { SealedFileStore, sealLabel } from './sealed-file-store.js';
import { parseSnapshot, snapshotParts, type CachedSnapshot } from './snapshot.js';
import { applyEdits, type SnapshotEdit } from './snapshot-edit.js';

/** The folder of the encrypted caches, inside the app's data folder. */
export function cacheDirOf(dataDir: string): string {
  return join(dataDir, 'cache');
}

export const SNAPSHOT_EXTENSION = 'cache';
export const PAGE_EXTENSION = 'pages';
export const SAVED_EXTENSION = 'saved';
export const NOTICES_EXTENSION = 'notices';

/** What each kind of cache file holds, by extension: the first part of its seal label. */
const KIND_BY_EXTENSION: Readonly<Record<string, string>> = {
  [SNAPSHOT_EXTENSION]: 'snapshot',
  [PAGE_EXTENSION]: 'pages',
  [SAVED_EXTENSION]: 'saved',
  [NOTICES_EXTENSION]: 'notices',
};

/** The snapshot's store: a whole value, and edits to it. */
export type SnapshotStore = JournaledStore<CachedSnapshot, SnapshotEdit>;

/** The two caches of each connection: its snapshot, and its first pages of logs and audit. */
export interface CacheStores {
  snapshot: (connectionId: string) => SnapshotStore;
  pages: (connectionId: string) => CacheStore<PageFile>;
  /** Where each token was saved with Save to… (saved-entries.ts). */
  saved: (connectionId: string) => CacheStore<SavedFile>;
  /** The token notifications already shown, for every connection (notifications/cached-notice-memory.ts). */
  notices: () => CacheStore<NoticeFile>;
}

/**
 * The cache files in `dir`, sealed with the data key: `<connection id>.cache` with its journal of
 * edits `<connection id>.journal` (journaled-file-store.ts), `<connection id>.pages`, and
 * `<connection id>.saved`. Without a persistent key (no secure keychain) the caches live in memory.
 */
export function openCacheStores(options: {
  dir: string;
  key: Buffer;
  persistent: boolean;
  now?: () => Date;
}): CacheStores {
  const { dir, key, persistent, now } = options;
  /** A small JSON document in one sealed file (pages, saved entries), or memory without a persistent key. */
  const jsonFile = <T>(name: string, extension: string, parse: (text: string) => T): CacheStore<T> =>
    persistent
      ? new SealedFileStore({
          dir,
          name,
          extension,
          kind: KIND_BY_EXTENSION[extension]!,
          key,
          now,
          parse,
          serialize: (file) => JSON.stringify(file),
        })
      : new MemoryCacheStore();
  return {
    snapshot: (name) =>
      persistent
        ? new JournaledFileStore<CachedSnapshot, SnapshotEdit>({
            base: new SealedFileStore({
              dir,
              name,
              extension: SNAPSHOT_EXTENSION,
              kind: KIND_BY_EXTENSION[SNAPSHOT_EXTENSION]!,
              key,
              now,
              parse: parseSnapshot,
              serialize: snapshotParts,
            }),
            dir,
            name,
            key,
            now,
            replay: (snapshot, edits) => void applyEdits(snapshot, edits),
            codec: 'snapshot',
          })
        : new MemoryCacheStore(),
    pages: (name) => jsonFile(name, PAGE_EXTENSION, parsePageFile),
    saved: (name) => jsonFile(name, SAVED_EXTENSION, parseSavedFile),
    notices: () => jsonFile('notices', NOTICES_EXTENSION, parseNoticeFile),
  };
}

/**
 * The seal label of a cache file, from its name (`abc.cache`, or one set aside as
 * `abc.cache.corrupt-…`); null for a file that is not a cache file.
 */
export function cacheFileLabel(fileName: string): string | null {
  const match = /^(.+)\.([a-z]+)(?:\.(?:corrupt|tmp)-.*)?$/.exec(fileName);
  const kind = match && KIND_BY_EXTENSION[match[2]!];
  return kind ? sealLabel(kind, `${match[1]}.${match[2]}`) : null;
}
