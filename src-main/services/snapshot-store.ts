import { basename, join } from 'node:path';
import { ConfDocument } from './conf-document.js';
import type { StoreFactory } from './conf-store.js';
import { seal, unseal } from './sealed-envelope.js';
import { readSealedSnapshot, writeSealedSnapshot, type CachedSnapshot } from './snapshot.js';

export type SnapshotLoadResult =
  { snapshot: CachedSnapshot | null; recovered: null } | { snapshot: null; recovered: string };

/** One connection's cached snapshot. `load` reads it once; the caller keeps it in memory. */
export interface SnapshotStore {
  readonly path: string;
  /** Never throws: a file that cannot be read is moved aside and reported in `recovered`. */
  load(): SnapshotLoadResult;
  /** Replaces the stored snapshot as a whole, atomically. */
  save(snapshot: CachedSnapshot): void;
  /**
   * For damage found after `load` (the tokens part is read lazily): moves the file aside as `load`
   * would have, and returns the same message for the user. The next `save` starts a new file.
   */
  setAside(): string;
  remove(): void;
}

export interface EncryptedSnapshotStoreOptions {
  dir: string;
  /** File name without extension; also bound into the ciphertext as associated data. */
  name: string;
  key: Buffer;
  factory: StoreFactory;
  now?: () => Date;
}

export const SNAPSHOT_EXTENSION = 'cache';

/**
 * The encrypted snapshot file: conf for the file handling, AES-256-GCM done here (conf's own
 * encryption accepts a planted plaintext file). The file name is the associated data, so one
 * connection's file copied over another's does not decrypt.
 */
export class EncryptedSnapshotStore implements SnapshotStore {
  readonly #document: ConfDocument<CachedSnapshot>;

  constructor(options: EncryptedSnapshotStoreOptions) {
    const label = `snapshot:${options.name}.${SNAPSHOT_EXTENSION}`;
    const { key } = options;
    this.#document = new ConfDocument<CachedSnapshot>({
      dir: options.dir,
      name: options.name,
      extension: SNAPSHOT_EXTENSION,
      factory: options.factory,
      now: options.now,
      seal: (text) => seal(key, escapeNonAscii(text), label),
      unseal: (fileText) => unseal(key, fileText, label),
      parse: readSealedSnapshot,
      serialize: writeSealedSnapshot,
    });
  }

  get path(): string {
    return this.#document.path;
  }

  load(): SnapshotLoadResult {
    const loaded = this.#document.load();
    if (!loaded.failed) return { snapshot: loaded.value, recovered: null };
    return { snapshot: null, recovered: recoveredMessage(loaded.movedTo) };
  }

  setAside(): string {
    return recoveredMessage(this.#document.setAside());
  }

  save(snapshot: CachedSnapshot): void {
    this.#document.save(snapshot);
  }

  remove(): void {
    this.#document.remove();
  }
}

/** For a machine with no keychain at all: nothing is written, so nothing can leak. */
export class MemorySnapshotStore implements SnapshotStore {
  readonly path = '';
  #snapshot: CachedSnapshot | null = null;
  load(): SnapshotLoadResult {
    return { snapshot: this.#snapshot, recovered: null };
  }
  save(snapshot: CachedSnapshot): void {
    this.#snapshot = snapshot;
  }
  setAside(): string {
    this.#snapshot = null;
    return recoveredMessage(null);
  }
  remove(): void {
    this.#snapshot = null;
  }
}

function recoveredMessage(movedTo: string | null): string {
  const where = movedTo
    ? `It was moved aside as ${basename(movedTo)}`
    : 'It could not be moved aside and will be overwritten';
  return `The saved copy of this connection's data could not be read (it was damaged or written with another key). ${where}, and everything is being downloaded again from the server.`;
}

/**
 * JSON with every non-ASCII character written as a `\\uXXXX` escape (valid JSON, the same value).
 * One non-ASCII character (a token hint's `…`, an accented description) makes V8 decode and parse the
 * whole text on its slow two-byte path; pure ASCII halves the cold load of a large cache.
 */
export function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function snapshotDir(dataDir: string): string {
  return join(dataDir, 'cache');
}
