import {
  close,
  closeSync,
  existsSync,
  fsync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  moveAside,
  removeFileInBackground,
  removeInBackground,
  removeLeftoverTempFiles,
  renameOverInBackground,
  writeFileAtomic,
  type BackgroundRemover,
} from './atomic-file.js';
import type { CacheLoad, JournaledStore } from './cache-store.js';
import { compactInWorker, type CodecName, type CompactionResult, type Compactor } from './journal-compaction.js';
import { JOURNAL_EXTENSION, journalHeader, readJournal, recordLabel } from './journal-format.js';
import { seal } from './sealed-envelope.js';
import { escapeNonAscii, type SealedFileStore } from './sealed-file-store.js';

export interface JournaledFileStoreOptions<T, C> {
  /** The base file: the whole value, sealed (sealed-file-store.ts). */
  base: SealedFileStore<T>;
  dir: string;
  /** The journal is `<name>.journal`, beside the base. */
  name: string;
  key: Buffer;
  /** Applies changes read back from the journal to the value, in place, as they were applied when made. */
  replay: (value: T, changes: C[]) => void;
  /** The name the compaction worker knows the base's parse, serialize and replay by (journal-compaction.ts). */
  codec: CodecName;
  /** Where compactions run: a worker thread (`compactInWorker`); another only in tests. */
  compact?: Compactor;
  /**
   * When the journal has grown past this share of the base (and past `compactMinBytes`), the update
   * that passes it starts a compaction: the journal folded into a new base, off the main thread.
   */
  compactShare?: number;
  compactMinBytes?: number;
  /**
   * Frees the files a compaction's last step replaces (old base, old journal; as large as the base):
   * off the main thread (`removeInBackground`); another only in tests.
   */
  removeInBackground?: BackgroundRemover;
  now?: () => Date;
}

/**
 * The journal of a new base, written by a compaction before the base is put in place (with the
 * records that arrived while it ran): `<name>.journal.next`. See `JournaledFileStore` for its use.
 */
const NEXT_SUFFIX = '.next';

/**
 * A value kept as a sealed base file plus an append-only journal of sealed changes beside it, so a
 * change costs what it changes: each `update` appends one record (AES-256-GCM under the same key,
 * fsync'd), and a load reads the base and replays the journal over it. When the journal passes a share
 * of the base's size, it is folded into a new base by a compaction that runs in a worker thread (see
 * "Compaction" below); a whole value saved (`save`) replaces base and journal at once.
 *
 * Crash safety: the base is replaced atomically (writeFileAtomic). Each record is bound by its seal
 * label to the base it follows (the base's envelope id, fresh for every base write) and to its place
 * in the journal, so records cannot be moved, reordered, or replayed over another base. A journal
 * left behind by a base written after it (killed between the base's rename and the journal's
 * removal) follows an older base: everything in it is in the new base already, and it is dropped. A
 * last record that is torn or does not open was being written when the app stopped: it is dropped and
 * cut off the file. Anything else damaged is the damaged-cache path: base and journal are set aside.
 *
 * Compaction: the update that takes the journal past its share appends its record as any other, then
 * starts a worker on the first `n` records (the journal's length then). The worker reads the base
 * file and those records from disk, replays them and writes the new base B1 to a flushed temp file;
 * the main thread stays free. Meanwhile updates keep appending records n+1…m to the old journal,
 * which still follows the old base B0 and is complete on its own: a kill at any moment so far finds
 * B0 with records 1…m (the temp file is removed at the next load). When the worker answers, the main
 * thread, in one synchronous step (no update can come between):
 *  1. writes records n+1…m, sealed again to B1 and their new places, as `<name>.journal.next`
 *     (atomic; none: no file);
 *  2. renames the temp file over the base: B1 is in place;
 *  3. renames `.journal.next` over the journal (none: removes the journal).
 * The old base and journal these steps replace keep a temp name each until they are freed, off the
 * main thread (a kill meanwhile leaves temp files, which the next load removes).
 * Killed before 2: B0 and the old journal hold everything; a `.journal.next` does not follow B0 and is
 * removed by the load. Killed between 2 and 3: the old journal follows an older base and is dropped,
 * and the `.journal.next` follows B1 and becomes the journal. So an append made during a compaction is
 * never lost, and no record is ever in two journals that both count. A save, load, remove or set-aside
 * while a worker runs makes its result stale: its temp file is removed and nothing else changes. A
 * compaction that fails changes nothing either; the next is tried when the journal has grown again.
 */
export class JournaledFileStore<T, C> implements JournaledStore<T, C> {
  readonly path: string;
  readonly #o: JournaledFileStoreOptions<T, C>;
  readonly #fileName: string;
  readonly #nextPath: string;
  /** The base the journal follows, as last read or written; null: there is none, the next update saves whole. */
  #base: { id: string; bytes: number } | null = null;
  /** Records in the journal, and its size in bytes (0: there is no journal file yet). */
  #seq = 0;
  #bytes = 0;
  /** The compaction running, with the plaintexts of the records appended since it began; null: none. */
  #compaction: Compaction | null = null;
  /** After a failed compaction: the journal size at which the next is tried. */
  #retryAt = 0;

  constructor(options: JournaledFileStoreOptions<T, C>) {
    this.#o = options;
    this.#fileName = `${options.name}.${JOURNAL_EXTENSION}`;
    this.path = join(options.dir, this.#fileName);
    this.#nextPath = `${this.path}${NEXT_SUFFIX}`;
  }

  /** The base file's path (`path` is the journal's). */
  get basePath(): string {
    return this.#o.base.path;
  }

  /** Whether a compaction is running. */
  get compacting(): boolean {
    return this.#compaction !== null;
  }

  /** Settles when no compaction is running (for tests; a compaction's failure is not reported here). */
  async compacted(): Promise<void> {
    while (this.#compaction) await this.#compaction.done;
  }

  load(): CacheLoad<T> {
    this.#reset();
    removeLeftoverTempFiles(this.path);
    removeLeftoverTempFiles(this.#nextPath);
    const loaded = this.#o.base.load();
    if (loaded.setAside) {
      this.#moveJournalAside();
      this.#dropNextJournal();
      return loaded;
    }
    if (loaded.value === null) {
      rmSync(this.path, { force: true });
      this.#dropNextJournal();
      return loaded;
    }
    const base = this.#o.base.written!;
    try {
      this.#adoptNextJournal(base.id);
    } catch {
      // The new base's journal cannot be put in place: what the base lacks cannot be read back.
      return { value: null, setAside: true, movedTo: this.setAside() };
    }
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
    this.#dropNextJournal();
    this.#base = this.#o.base.written;
  }

  /** Appends `changes` as one record; starts a compaction when the journal has passed its share of the base. */
  update(value: T, changes: readonly C[]): void {
    if (changes.length === 0) return;
    const base = this.#base;
    if (base === null) {
      this.save(value);
      return;
    }
    const plaintext = escapeNonAscii(JSON.stringify(changes));
    this.#append(base.id, plaintext);
    this.#compaction?.since.push(plaintext);
    const due = Math.max(this.#o.compactMinBytes ?? 256 * 1024, base.bytes * (this.#o.compactShare ?? 0.5));
    if (this.#compaction === null && this.#bytes > due && this.#bytes >= this.#retryAt) this.#startCompaction(base.id);
  }

  remove(): void {
    this.#reset();
    this.#o.base.remove();
    rmSync(this.path, { force: true });
    this.#dropNextJournal();
    removeLeftoverTempFiles(this.path);
    removeLeftoverTempFiles(this.#nextPath);
  }

  setAside(): string | null {
    this.#reset();
    const movedTo = this.#o.base.setAside();
    this.#moveJournalAside();
    this.#dropNextJournal();
    return movedTo;
  }

  /** One sealed record appended to the journal (which is made, with its header, if there is none). */
  #append(baseId: string, plaintext: string): void {
    const seq = this.#seq + 1;
    const record = `${seal(this.#o.key, plaintext, recordLabel(this.#fileName, baseId, seq))}\n`;
    if (this.#bytes === 0) {
      const header = journalHeader(baseId);
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
      if (error && this.#base?.id === baseId) this.#base = null;
    });
  }

  #startCompaction(baseId: string): void {
    const job = {
      codec: this.#o.codec,
      basePath: this.#o.base.path,
      baseLabel: this.#o.base.label,
      baseId,
      journalPath: this.path,
      journalFileName: this.#fileName,
      journalBytes: this.#bytes,
      records: this.#seq,
    };
    const compaction: Compaction = { baseId, since: [], done: Promise.resolve() };
    compaction.done = (this.#o.compact ?? compactInWorker)(job, this.#o.key).then(
      (result) => this.#finishCompaction(compaction, result),
      () => {
        if (this.#compaction !== compaction) return;
        this.#compaction = null;
        this.#retryAt = this.#bytes * 1.5;
      },
    );
    this.#compaction = compaction;
  }

  /**
   * Puts the worker's new base in place, with the records appended meanwhile (steps 1–3 of the class
   * comment). Costs the main thread what was appended meanwhile, never what the base holds: the files
   * the steps replace (old base, old journal, or a stale new base) are freed in the background, as the
   * last unlink of a large file costs the thread that makes it as much as writing it (see
   * `renameOverInBackground`). Answers when they are freed.
   */
  #finishCompaction(compaction: Compaction, result: CompactionResult): Promise<void> {
    const remove = this.#o.removeInBackground ?? removeInBackground;
    if (this.#compaction !== compaction || this.#base?.id !== compaction.baseId) {
      // A save, load, remove or set-aside came first: the result is stale.
      return remove(result.tempPath);
    }
    this.#compaction = null;
    const freed: Promise<void>[] = [];
    try {
      const { since } = compaction;
      let journal = '';
      if (since.length > 0) {
        journal = `${journalHeader(result.id)}${since
          .map((plaintext, i) => `${seal(this.#o.key, plaintext, recordLabel(this.#fileName, result.id, i + 1))}\n`)
          .join('')}`;
        writeFileAtomic(this.#nextPath, journal);
      }
      freed.push(this.#o.base.adopt(result.tempPath, { id: result.id, bytes: result.bytes }, remove));
      freed.push(
        since.length > 0
          ? renameOverInBackground(this.#nextPath, this.path, remove)
          : removeFileInBackground(this.path, remove),
      );
      this.#base = { id: result.id, bytes: result.bytes };
      this.#seq = since.length;
      this.#bytes = journal.length;
      this.#retryAt = 0;
    } catch {
      // Whatever step failed, the files are one of the states the class comment says a load reads
      // right; the state in memory may not match them, so the next update saves whole.
      freed.push(remove(result.tempPath));
      this.#reset();
    }
    return Promise.all(freed).then(() => undefined);
  }

  /**
   * A `.journal.next` left by a compaction killed between its steps 2 and 3: the journal when it
   * follows the base in place, else (killed before step 2) nothing.
   */
  #adoptNextJournal(baseId: string): void {
    let text: string;
    try {
      text = readFileSync(this.#nextPath, 'latin1');
    } catch {
      return;
    }
    const header = text.slice(0, text.indexOf('\n') + 1);
    if (header !== '' && header === journalHeader(baseId)) renameSync(this.#nextPath, this.path);
    else this.#dropNextJournal();
  }

  /**
   * Removes a `.journal.next` if there is one. Never throws: one left behind is harmless (a load
   * removes it unless it follows the base in place, which only a compaction's own steps make it).
   */
  #dropNextJournal(): void {
    try {
      rmSync(this.#nextPath, { force: true });
    } catch {
      // As said: harmless.
    }
  }

  #moveJournalAside(): void {
    if (existsSync(this.path)) moveAside(this.path, (this.#o.now ?? (() => new Date()))());
  }

  #reset(): void {
    this.#base = null;
    this.#seq = 0;
    this.#bytes = 0;
    this.#compaction = null;
    this.#retryAt = 0;
  }
}

/** A compaction running: the base it folds into, the plaintexts of the records appended since it began. */
interface Compaction {
  baseId: string;
  since: string[];
  done: Promise<void>;
}
