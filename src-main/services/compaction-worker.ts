/**
 * The compaction worker's entry (see `compactInWorker`): folds one journal into a new base file and
 * answers where it wrote it. Started once per compaction, with the job and the data key in its
 * workerData; the key is zeroed before the answer goes back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  foldJournal,
  type CodecName,
  type JournalCodec,
  type WorkerAnswer,
  type WorkerInput,
} from './journal-compaction.js';
import { parseSnapshot, snapshotParts, type CachedSnapshot } from './snapshot.js';
import { applyEdits, type SnapshotEdit } from './snapshot-edit.js';

const CODECS: Record<CodecName, JournalCodec<CachedSnapshot, SnapshotEdit>> = {
  snapshot: {
    parse: (text) => parseSnapshot(text),
    serialize: snapshotParts,
    replay: (snapshot, edits) => void applyEdits(snapshot, edits),
  },
};

const { job, key: keyBuffer } = workerData as WorkerInput;
const key = Buffer.from(keyBuffer);
let answer: WorkerAnswer;
try {
  answer = { ok: true, result: foldJournal(job, key, CODECS[job.codec]) };
} catch (error) {
  answer = { ok: false, message: error instanceof Error ? error.message : String(error) };
} finally {
  key.fill(0);
}
parentPort!.postMessage(answer);
