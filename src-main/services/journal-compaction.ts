import { readFileSync } from 'node:fs';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { writeTempFile } from './atomic-file.js';
import { readJournal } from './journal-format.js';
import { envelopeId, unseal } from './sealed-envelope.js';
import { writeSealed } from './sealed-file-store.js';

/** How a journaled value is read, written and changed: what a compaction needs to fold a journal. */
export interface JournalCodec<T, C> {
  parse: (text: string) => T;
  serialize: (value: T) => string | Iterable<string>;
  replay: (value: T, changes: C[]) => void;
}

/** The codecs a compaction worker knows, by name (functions cannot be sent to a worker). */
export type CodecName = 'snapshot';

/** One compaction: fold the first `records` records of the journal (its first `journalBytes` bytes) into the base. */
export interface CompactionJob {
  codec: CodecName;
  basePath: string;
  /** The base's seal label, and the envelope id it must still have (else it was replaced meanwhile). */
  baseLabel: string;
  baseId: string;
  journalPath: string;
  /** The journal's own name (its records are sealed to it). */
  journalFileName: string;
  journalBytes: number;
  records: number;
}

/** The new base, written and flushed to a temp file beside the base; not yet in its place. */
export interface CompactionResult {
  tempPath: string;
  id: string;
  bytes: number;
}

/** Runs a compaction somewhere and answers its result (a worker thread in the app). */
export type Compactor = (job: CompactionJob, key: Buffer) => Promise<CompactionResult>;

/**
 * The compaction itself, as the worker runs it: the base as it is on disk, unsealed and parsed, the
 * journal's first records replayed over it, and the whole sealed into a temp file beside the base
 * (flushed, never renamed here: the main thread puts it in place, see JournaledFileStore). Reads the
 * files rather than taking the value from the main thread, so nothing of a large value is copied or
 * serialised on the main thread. Throws when the files are not what the job says.
 */
export function foldJournal<T, C>(job: CompactionJob, key: Buffer, codec: JournalCodec<T, C>): CompactionResult {
  const baseText = readFileSync(job.basePath, 'utf8');
  if (envelopeId(baseText) !== job.baseId) throw new Error('The base file was replaced since the compaction began.');
  const value = codec.parse(unseal(key, baseText, job.baseLabel));
  const journal = readJournal(
    readFileSync(job.journalPath, 'latin1').slice(0, job.journalBytes),
    key,
    job.journalFileName,
  );
  if (journal.baseId !== job.baseId || journal.records.length !== job.records) {
    throw new Error('The journal is not the one the compaction began with.');
  }
  for (const record of journal.records) codec.replay(value, JSON.parse(record) as C[]);
  let written: { id: string; bytes: number } | null = null;
  const tempPath = writeTempFile(job.basePath, (fd) => {
    written = writeSealed(fd, key, job.baseLabel, codec.serialize(value));
  });
  return { tempPath, ...written! };
}

/**
 * The worker: in the app's bundle, `compaction-worker.cjs` beside `main.cjs` (an entry of its own in
 * vite.main.config.ts); from the sources (tsx, vitest) the TypeScript file, loaded by a two-line
 * bootstrap that first registers tsx's loader in the worker (a worker does not inherit the loader
 * of the thread that starts it, whatever started that one).
 */
function startWorker(options: WorkerOptions): Worker {
  const here = import.meta.url;
  if (here.endsWith('.cjs')) return new Worker(new URL('./compaction-worker.cjs', here), options);
  return new Worker(tsxBootstrap(here), { ...options, eval: true });
}

/**
 * The bootstrap's source, made once: under tsx, `import.meta.resolve` is a blocking round trip to
 * its loader thread (about 8 ms of the main thread's time per compaction otherwise).
 */
let bootstrapSource: string | undefined;
function tsxBootstrap(here: string): string {
  if (bootstrapSource === undefined) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./compaction-worker.ts', here).href;
    bootstrapSource = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  }
  return bootstrapSource;
}

/** What the worker answers. */
export type WorkerAnswer = { ok: true; result: CompactionResult } | { ok: false; message: string };

/** The data the worker starts with: the job, and the data key in a buffer of its own (transferred). */
export interface WorkerInput {
  job: CompactionJob;
  key: ArrayBuffer;
}

/**
 * Compaction in a `worker_threads` worker, one per compaction (compactions are rare: one each time
 * the journal passes half the base), so the main thread never stalls for it. The data key goes to the
 * worker in memory only: copied into a buffer of its own that is transferred (moved, not copied
 * again: the main thread's copy is detached), and the worker zeroes it when done. The worker does not
 * keep the app running (unref): a quit mid-compaction is a kill mid-compaction, which loses nothing.
 */
export const compactInWorker: Compactor = (job, key) =>
  new Promise((resolve, reject) => {
    const keyCopy = new Uint8Array(key).buffer;
    const worker = startWorker({ workerData: { job, key: keyCopy } satisfies WorkerInput, transferList: [keyCopy] });
    worker.unref();
    let answered = false;
    worker.once('message', (answer: WorkerAnswer) => {
      answered = true;
      if (answer.ok) resolve(answer.result);
      else reject(new Error(answer.message));
    });
    worker.once('error', (error) => {
      answered = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`The compaction worker stopped (exit code ${code}) without an answer.`));
    });
  });
