import {
  close,
  closeSync,
  existsSync,
  fsync,
  ftruncateSync,
  openSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { moveAside, removeLeftoverTempFiles, writeFileAtomic } from './atomic-file.js';
import type { CacheLoad, JournaledStore } from './cache-store.js';
import { seal, unseal } from './sealed-envelope.js';
import { escapeNonAscii, sealLabel, type SealedFileStore } from './sealed-file-store.js';

/** The journal's first line, in the clear: which base file (by its envelope id) its records follow. */
interface JournalHeader {
  journal: 1;
  base: string;
}

export interface JournaledFileStoreOptions<T, C> {
  /** The base file: the whole value, sealed (sealed-file-store.ts). */
  base: SealedFileStore<T>;
  dir: string;
  /** The journal is `<name>.journal`, beside the base. */
  name: string;
  key: Buffer;
  /** Applies changes read back from the journal to the value, in place, as they were applied when made. */
  replay: (value: T, changes: C[]) => void;
  /**
   * When the journal has grown past this share of the base (and past `compactMinBytes`), the next
   * update writes the whole value as the new base instead, and the journal starts again.
   */
  compactShare?: number;
  compactMinBytes?: number;
  now?: () => Date;
}

export const JOURNAL_EXTENSION = 'journal';

/** A journal file that cannot be trusted (it is handled as a damaged cache: set aside with its base). */
class DamagedJournalError extends Error {}

/**
 * The journal's own name (`abc.journal`) from the name of a journal file, also one set aside
 * (`abc.journal.corrupt-…`); null for a file that is not a journal.
 */
export function journalFileName(fileName: string): string | null {
  const match = /^(.+\.journal)(?:\.(?:corrupt|tmp)-.*)?$/.exec(fileName);
  return match ? match[1]! : null;
}

/** The seal label of record `seq` of the journal `fileName` that follows the base `baseId`. */
export function recordLabel(fileName: string, baseId: string, seq: number): string {
  return sealLabel(JOURNAL_EXTENSION, `${fileName}:${baseId}:${seq}`);
}

/**
 * A journal's records, unsealed, in order, with how many bytes of the file they fill. A last record
 * that is torn or does not open is left out (it is the one being written when the app stopped);
 * anything else wrong throws. `fileName` is the journal's own name (`abc.journal`).
 */
export function readJournal(
  text: string,
  key: Buffer,
  fileName: string,
): { baseId: string; records: string[]; goodBytes: number } {
  const headerEnd = text.indexOf('\n');
  if (headerEnd < 0) throw new DamagedJournalError('The journal has no header.');
  let header: Partial<JournalHeader> | null;
  try {
    header = JSON.parse(text.slice(0, headerEnd)) as Partial<JournalHeader> | null;
  } catch {
    throw new DamagedJournalError('The journal header is not JSON.');
  }
  if (header?.journal !== 1 || typeof header.base !== 'string') {
    throw new DamagedJournalError('The journal has an unknown format.');
  }
  const baseId = header.base;
  const records: string[] = [];
  let at = headerEnd + 1;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    if (end < 0) break; // A torn last record: dropped.
    try {
      records.push(unseal(key, text.slice(at, end), recordLabel(fileName, baseId, records.length + 1)));
    } catch (error) {
      if (end + 1 === text.length) break; // The last record, written when the app stopped: dropped.
      throw new DamagedJournalError(`Journal record ${records.length + 1} is damaged.`, { cause: error });
    }
    at = end + 1;
  }
  return { baseId, records, goodBytes: at };
}

/**
 * A value kept as a sealed base file plus an append-only journal of sealed changes beside it, so a
 * change costs what it changes: each `update` appends one record (AES-256-GCM under the same key,
 * fsync'd), and a load reads the base and replays the journal over it. The journal is rewritten into
 * the base (`save`) when it passes a share of the base's size, and whenever a whole value is saved.
 *
 * Crash safety: the base is replaced atomically (writeFileAtomic). Each record is bound by its seal
 * label to the base it follows (the base's envelope id, fresh for every base write) and to its place
 * in the journal, so records cannot be moved, reordered, or replayed over another base. A journal
 * left behind by a base written after it (killed between the base's rename and the journal's
 * removal) follows an older base: everything in it is in the new base already, and it is dropped. A
 * last record that is torn or does not open was being written when the app stopped: it is dropped and
 * cut off the file. Anything else damaged is the damaged-cache path: base and journal are set aside.
 */
export class JournaledFileStore<T, C> implements JournaledStore<T, C> {
  readonly path: string;
  readonly #o: JournaledFileStoreOptions<T, C>;
  readonly #fileName: string;
  /** The base the journal follows, as last read or written; null: there is none, the next update saves whole. */
  #base: { id: string; bytes: number } | null = null;
  /** Records in the journal, and its size in bytes (0: there is no journal file yet). */
  #seq = 0;
  #bytes = 0;

  constructor(options: JournaledFileStoreOptions<T, C>) {
    this.#o = options;
    this.#fileName = `${options.name}.${JOURNAL_EXTENSION}`;
    this.path = join(options.dir, this.#fileName);
  }

  /** The base file's path (`path` is the journal's). */
  get basePath(): string {
    return this.#o.base.path;
  }

  load(): CacheLoad<T> {
    this.#reset();
    removeLeftoverTempFiles(this.path);
    const loaded = this.#o.base.load();
    if (loaded.setAside) {
      this.#moveJournalAside();
      return loaded;
    }
    if (loaded.value === null) {
      rmSync(this.path, { force: true });
      return loaded;
    }
    const base = this.#o.base.written!;
    let text: string;
    try {
      text = readFileSync(this.path, 'latin1');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.#base = base;
        return loaded;
      }
      return { value: null, setAside: true, movedTo: this.setAside() };
    }
    try {
      const journal = readJournal(text, this.#o.key, this.#fileName);
      if (journal.baseId !== base.id) {
        // Follows an older base: the base holds all of it (see the class comment).
        rmSync(this.path, { force: true });
        this.#base = base;
        return loaded;
      }
      for (const record of journal.records) this.#o.replay(loaded.value, JSON.parse(record) as C[]);
      // A dropped last record is cut off, so the next append does not follow a torn one.
      if (journal.goodBytes < text.length) truncateSync(this.path, journal.goodBytes);
      this.#base = base;
      this.#seq = journal.records.length;
      this.#bytes = journal.goodBytes;
      return loaded;
    } catch {
      return { value: null, setAside: true, movedTo: this.setAside() };
    }
  }

  /** The whole value as the new base (atomic); the journal it replaces is removed. */
  save(value: T): void {
    this.#reset();
    this.#o.base.save(value);
    // Killed before this line: the journal left follows the old base, and the next load drops it.
    rmSync(this.path, { force: true });
    this.#base = this.#o.base.written;
  }

  /** Appends `changes` as one record; writes the whole value instead when the journal is due for compaction. */
  update(value: T, changes: readonly C[]): void {
    if (changes.length === 0) return;
    const base = this.#base;
    if (
      base === null ||
      this.#bytes > Math.max(this.#o.compactMinBytes ?? 256 * 1024, base.bytes * (this.#o.compactShare ?? 0.5))
    ) {
      this.save(value);
      return;
    }
    const seq = this.#seq + 1;
    const record = `${seal(this.#o.key, escapeNonAscii(JSON.stringify(changes)), recordLabel(this.#fileName, base.id, seq))}\n`;
    if (this.#bytes === 0) {
      const header = `${JSON.stringify({ journal: 1, base: base.id } satisfies JournalHeader)}\n`;
      writeFileAtomic(this.path, header);
      this.#bytes = header.length;
    }
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, record);
    } catch (error) {
      // A record written in part would sit before the next one: cut it off, or save whole next time.
      try {
        ftruncateSync(fd, this.#bytes);
      } catch {
        this.#base = null;
      }
      closeSync(fd);
      throw error;
    }
    this.#seq = seq;
    this.#bytes += record.length;
    // The record is in the file (a killed app keeps it); the flush to the disk, a wait of milliseconds
    // on a busy disk, runs off the main thread. A power cut before it ends loses this record only:
    // each flush covers every record before it. One that fails makes the next update save whole.
    fsync(fd, (error) => {
      close(fd, () => undefined);
      if (error && this.#base?.id === base.id) this.#base = null;
    });
  }

  remove(): void {
    this.#reset();
    this.#o.base.remove();
    rmSync(this.path, { force: true });
    removeLeftoverTempFiles(this.path);
  }

  setAside(): string | null {
    this.#reset();
    const movedTo = this.#o.base.setAside();
    this.#moveJournalAside();
    return movedTo;
  }

  #moveJournalAside(): void {
    if (existsSync(this.path)) moveAside(this.path, (this.#o.now ?? (() => new Date()))());
  }

  #reset(): void {
    this.#base = null;
    this.#seq = 0;
    this.#bytes = 0;
  }
}
