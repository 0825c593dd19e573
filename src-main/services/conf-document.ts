import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileStamp, type ConfLike, type StoreFactory } from './conf-store.js';

export interface ConfDocumentOptions<T> {
  dir: string;
  name: string;
  extension: string;
  factory: StoreFactory;
  /** The document's text to the file's text (encryption goes here). Default: as it is. */
  seal?: (text: string) => string;
  /** The file's text to the document's text; throws when the file is damaged or undecryptable. */
  unseal?: (fileText: string) => string;
  /** The document's text to a value; throws when it is not JSON or fails the schema. */
  parse: (text: string) => T;
  /** A value to the document's text. Default: JSON.stringify. */
  serialize?: (value: T) => string;
  now?: () => Date;
}

export type ConfDocumentLoad<T> =
  { value: T | null; failed: false } | { value: null; failed: true; movedTo: string | null };

/** What conf holds: the document as one JSON text, so conf's own deep copies and comparisons cost nothing. */
type Held = { text: string };

/**
 * One JSON document in one file, kept by conf (atomic temp-file-and-rename writes, mode 0600) and
 * read exactly once. conf decodes the whole file again on every `.store` read and before every
 * whole-store write, and deep-copies and deep-compares what it read on construction. So conf holds
 * the document as a single text, this class parses it once on load, never reads `.store`, and
 * answers conf's pre-write read (which only looks for conf's migration bookkeeping, unused here)
 * without decrypting. A file that cannot be read is renamed aside, never fatal.
 */
export class ConfDocument<T> {
  readonly path: string;
  readonly #options: ConfDocumentOptions<T>;
  #conf: ConfLike<Held> | undefined;
  #read: string | null = null;
  #writing = false;

  constructor(options: ConfDocumentOptions<T>) {
    this.#options = options;
    this.path = join(options.dir, `${options.name}.${options.extension}`);
  }

  load(): ConfDocumentLoad<T> {
    this.#removeStaleTempFiles();
    this.#read = null;
    try {
      this.#conf = this.#open();
      const text = this.#read;
      this.#read = null;
      return { value: text === null ? null : this.#options.parse(text), failed: false };
    } catch {
      this.#conf = undefined;
      this.#read = null;
      return { value: null, failed: true, movedTo: this.#moveAside() };
    }
  }

  /** Replaces the file with the value, atomically. */
  save(value: T): void {
    if (!this.#conf && this.load().failed) this.#conf = this.#open();
    const conf = this.#conf ?? this.#open();
    this.#conf = conf;
    const text = (this.#options.serialize ?? JSON.stringify)(value);
    this.#writing = true;
    try {
      conf.store = { text };
    } finally {
      this.#writing = false;
    }
  }

  remove(): void {
    this.#conf = undefined;
    rmSync(this.path, { force: true });
    this.#removeStaleTempFiles();
  }

  #open(): ConfLike<Held> {
    const seal = this.#options.seal ?? ((text: string) => text);
    const unseal = this.#options.unseal ?? ((text: string) => text);
    return this.#options.factory<Held>({
      cwd: this.#options.dir,
      configName: this.#options.name,
      fileExtension: this.#options.extension,
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      watch: false,
      serialize: (held) => seal(held.text),
      deserialize: (fileText) => {
        if (this.#writing) return { text: '' };
        const text = unseal(fileText);
        this.#read = text;
        return { text };
      },
    });
  }

  /**
   * Moves the file aside, as a load that fails does; for damage found after the load (a document
   * read lazily). The next save starts a new file.
   */
  setAside(): string | null {
    this.#conf = undefined;
    return this.#moveAside();
  }

  #moveAside(): string | null {
    const base = `${this.path}.corrupt-${fileStamp((this.#options.now ?? (() => new Date()))())}`;
    let target = base;
    // Never overwrite an earlier damaged file set aside in the same millisecond.
    for (let n = 1; existsSync(target); n++) target = `${base}-${n}`;
    try {
      renameSync(this.path, target);
      return target;
    } catch {
      try {
        rmSync(this.path, { force: true });
      } catch {
        // Nothing more to do: the next save replaces it.
      }
      return null;
    }
  }

  /** conf writes through `<file>.tmp-<stamp>`; a process killed mid-write leaves that behind. */
  #removeStaleTempFiles(): void {
    const prefix = `${basename(this.path)}.tmp-`;
    let names: string[];
    try {
      names = readdirSync(dirname(this.path));
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith(prefix)) rmSync(join(dirname(this.path), name), { force: true });
    }
  }
}
