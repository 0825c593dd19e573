import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileStamp, type ConfLike, type StoreFactory } from './conf-store.js';

export interface ConfDocumentOptions<T> {
  dir: string;
  name: string;
  extension: string;
  factory: StoreFactory;
  /** Whole value to file text (encryption goes here). */
  encode: (value: T) => string;
  /** File text to value; throws when the file is damaged, undecryptable or fails the schema. */
  decode: (text: string) => T;
  now?: () => Date;
}

export type ConfDocumentLoad<T> =
  | { value: T | null; failed: false }
  | { value: null; failed: true; movedTo: string | null };

/**
 * One JSON document in one file, kept by conf (atomic temp-file-and-rename writes, mode 0600) and
 * read exactly once. conf decodes the whole file again on every `.store` read and before every
 * whole-store write; this class takes the value from `decode` during construction, never reads
 * `.store`, and answers conf's pre-write read (which only looks for conf's migration bookkeeping,
 * unused here) without decoding. A file that cannot be decoded is renamed aside, never fatal.
 */
export class ConfDocument<T extends Record<string, unknown>> {
  readonly path: string;
  readonly #options: ConfDocumentOptions<T>;
  #conf: ConfLike<T> | undefined;
  #decoded: T | null = null;
  #writing = false;

  constructor(options: ConfDocumentOptions<T>) {
    this.#options = options;
    this.path = join(options.dir, `${options.name}.${options.extension}`);
  }

  load(): ConfDocumentLoad<T> {
    this.#removeStaleTempFiles();
    this.#decoded = null;
    try {
      this.#conf = this.#open();
      const value = this.#decoded;
      this.#decoded = null;
      return { value, failed: false };
    } catch {
      this.#conf = undefined;
      return { value: null, failed: true, movedTo: this.#moveAside() };
    }
  }

  save(value: T): void {
    if (!this.#conf && this.load().failed) this.#conf = this.#open();
    const conf = this.#conf ?? this.#open();
    this.#conf = conf;
    this.#writing = true;
    try {
      conf.store = value;
    } finally {
      this.#writing = false;
    }
  }

  remove(): void {
    this.#conf = undefined;
    rmSync(this.path, { force: true });
    this.#removeStaleTempFiles();
  }

  #open(): ConfLike<T> {
    const { encode, decode } = this.#options;
    return this.#options.factory<T>({
      cwd: this.#options.dir,
      configName: this.#options.name,
      fileExtension: this.#options.extension,
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      watch: false,
      serialize: encode,
      deserialize: (text) => {
        if (this.#writing) return {} as T;
        const value = decode(text);
        this.#decoded = value;
        return value;
      },
    });
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
