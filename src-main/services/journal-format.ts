import { unseal } from './sealed-envelope.js';
import { sealLabel } from './sealed-file-store.js';

/*
 * The journal file's format (see journaled-file-store.ts): a header line in the clear naming the base
 * it follows, then one sealed record per line.
 */

export const JOURNAL_EXTENSION = 'journal';

/** The journal's first line, in the clear: which base file (by its envelope id) its records follow. */
interface JournalHeader {
  journal: 1;
  base: string;
}

/** A journal file that cannot be trusted (it is handled as a damaged cache: set aside with its base). */
class DamagedJournalError extends Error {}

/**
 * The journal's own name (`abc.journal`) from the name of a journal file, also one set aside
 * (`abc.journal.corrupt-…`); null for a file that is not a journal.
 */
export function journalFileName(fileName: string): string | null {
  const match = /^(.+\.journal)(?:\.next)?(?:\.(?:corrupt|tmp)-.*)?$/.exec(fileName);
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

/** The journal's first line. */
export function journalHeader(baseId: string): string {
  return `${JSON.stringify({ journal: 1, base: baseId } satisfies JournalHeader)}\n`;
}
