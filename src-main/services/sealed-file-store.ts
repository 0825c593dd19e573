import { readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  moveAside,
  removeLeftoverTempFiles,
  renameOverInBackground,
  writeFileAtomicWith,
  type BackgroundRemover,
} from './atomic-file.js';
import type { CacheLoad, CacheStore } from './cache-store.js';
import { envelopeId, sealParts, unseal } from './sealed-envelope.js';

export interface SealedFileStoreOptions<T> {
  dir: string;
  /** The file is `<name>.<extension>`. */
  name: string;
  extension: string;
  /** Bound into the ciphertext with the file name (see `sealLabel`). */
  kind: string;
  key: Buffer;
  /**
   * The file's plaintext to a value; throws when it is not what this app writes. `again` reads the
   * same plaintext from the file again (for a part read lazily, not held meanwhile); it throws when
   * the file was replaced since.
   */
  parse: (text: string, again: () => string) => T;
  /** The file's plaintext, whole or in parts (a large value is then never one text). */
  serialize: (value: T) => string | Iterable<string>;
  now?: () => Date;
}

/**
 * The associated data a file is sealed with: what it holds and its file name. One connection's file
 * copied over another's, or a snapshot put where the pages go, then fails authentication instead of
 * being read as the wrong thing.
 */
export function sealLabel(kind: string, fileName: string): string {
  return `${kind}:${fileName}`;
}

/**
 * A value in one AES-256-GCM sealed file (sealed-envelope.ts), read whole and written whole through
 * `writeFileAtomic` (temp file, fsync, rename; 0600). A file that does not open or parse is moved
 * aside, never fatal.
 */
export class SealedFileStore<T> implements CacheStore<T> {
  readonly path: string;
  readonly #options: SealedFileStoreOptions<T>;
  readonly #label: string;
  /** The envelope id (see `envelopeId`) and length of the file as last read or written; null: none. */
  #written: { id: string; bytes: number } | null = null;

  constructor(options: SealedFileStoreOptions<T>) {
    this.#options = options;
    const fileName = `${options.name}.${options.extension}`;
    this.path = join(options.dir, fileName);
    this.#label = sealLabel(options.kind, fileName);
  }

  /** What identifies the file as last read or written (its envelope id) and its size; null: none. */
  get written(): { id: string; bytes: number } | null {
    return this.#written;
  }

  load(): CacheLoad<T> {
    this.#written = null;
    removeLeftoverTempFiles(this.path);
    let fileText: string;
    try {
      fileText = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { value: null, setAside: false };
      return { value: null, setAside: true, movedTo: this.setAside() };
    }
    try {
      const id = envelopeId(fileText)!;
      const again = (): string => {
        const now = readFileSync(this.path, 'utf8');
        if (envelopeId(now) !== id) throw new Error('The cache file was replaced since it was read.');
        return unseal(this.#options.key, now, this.#label);
      };
      const value = this.#options.parse(unseal(this.#options.key, fileText, this.#label), again);
      this.#written = { id, bytes: fileText.length };
      return { value, setAside: false };
    } catch {
      return { value: null, setAside: true, movedTo: this.setAside() };
    }
  }

  /** The seal label of the file (see `sealLabel`). */
  get label(): string {
    return this.#label;
  }

  save(value: T): void {
    this.#written = null;
    let written: { id: string; bytes: number } | null = null;
    writeFileAtomicWith(this.path, (fd) => {
      written = writeSealed(fd, this.#options.key, this.#label, this.#options.serialize(value));
    });
    this.#written = written;
  }

  /**
   * Puts a sealed file written elsewhere (`writeSealed` into a `writeTempFile`, off the main thread)
   * in place of this one, atomically, as `save` would have. The file it replaces is freed in the
   * background (`renameOverInBackground`); answers when it is.
   */
  adopt(tempPath: string, written: { id: string; bytes: number }, remove?: BackgroundRemover): Promise<void> {
    this.#written = null;
    const removed = renameOverInBackground(tempPath, this.path, remove);
    this.#written = written;
    return removed;
  }

  remove(): void {
    this.#written = null;
    rmSync(this.path, { force: true });
    removeLeftoverTempFiles(this.path);
  }

  setAside(): string | null {
    this.#written = null;
    return moveAside(this.path, (this.#options.now ?? (() => new Date()))());
  }
}

/**
 * JSON with every non-ASCII character written as a `\\uXXXX` escape (valid JSON, the same value).
 * One non-ASCII character (a token hint's `…`, an accented description) makes V8 decode and parse the
 * whole text on its slow two-byte path; pure ASCII halves the cold load of a large cache.
 */
export function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Seals `text` (whole, or in parts) into the open file `fd` as a SealedFileStore file, escaped to
 * ASCII part by part (see `escapeNonAscii`); returns its envelope id and length.
 */
export function writeSealed(
  fd: number,
  key: Buffer,
  label: string,
  text: string | Iterable<string>,
): { id: string; bytes: number } {
  const parts = typeof text === 'string' ? [text] : text;
  return sealParts(
    key,
    (function* () {
      for (const part of parts) yield escapeNonAscii(part);
    })(),
    label,
    (chunk, at) => void writeSync(fd, chunk, at ?? null, 'latin1'),
  );
}
