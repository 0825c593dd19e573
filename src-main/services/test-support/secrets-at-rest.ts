import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { cacheFileLabel } from '../cache-files.js';
import { DATA_KEY_FILE } from '../data-key.js';
import { journalFileName, readJournal, recordLabel } from '../journal-format.js';
import type { Keyring } from '../keyring.js';
import { seal, unseal } from '../sealed-envelope.js';
import { filesUnder } from './files.js';

/** One way to read a file of the data folder: its bytes as they are, or a sealed file's plaintext. */
export interface ReadableFile {
  path: string;
  text: string;
  decrypted: boolean;
}

/** The app's data key as the app unwraps it at start; null when none was written (no keychain). */
export async function dataKeyOf(dataDir: string, keyring: Keyring): Promise<Buffer | null> {
  let text: string;
  try {
    text = readFileSync(join(dataDir, DATA_KEY_FILE), 'utf8');
  } catch {
    return null;
  }
  const { wrapped } = JSON.parse(text) as { wrapped: string };
  return Buffer.from(await keyring.decrypt(Buffer.from(wrapped, 'base64')), 'base64');
}

/**
 * Everything a reader of the data folder could get at: each file's bytes, and for each sealed cache
 * file its plaintext too, opened with the app's data key. A secret cached by mistake is sealed like
 * the rest of the cache, so a scan of the bytes alone could never find it. A cache file that does not
 * open with the key fails the scan: what it holds cannot be checked.
 */
export function readableFiles(dataDir: string, key: Buffer | null): ReadableFile[] {
  const files = filesUnder(dataDir);
  if (files.length === 0) throw new Error(`There is no file under ${dataDir}: a scan of it would prove nothing.`);
  return files.flatMap((path) => {
    const bytes = readFileSync(path);
    const raw: ReadableFile = { path, text: bytes.toString('latin1'), decrypted: false };
    const journal = journalFileName(basename(path));
    if (journal !== null) {
      if (key === null) throw new Error(`${path} is a cache journal, but there is no data key to open it with.`);
      let records: string[];
      try {
        ({ records } = readJournal(bytes.toString('latin1'), key, journal));
      } catch {
        throw new Error(`${path} does not open with the app's data key, so what it holds cannot be checked.`);
      }
      return [raw, { path, text: records.join('\n'), decrypted: true }];
    }
    const label = cacheFileLabel(basename(path));
    if (label === null) return [raw];
    if (key === null) throw new Error(`${path} is a cache file, but there is no data key to open it with.`);
    try {
      return [raw, { path, text: unseal(key, bytes.toString('utf8'), label), decrypted: true }];
    } catch {
      throw new Error(`${path} does not open with the app's data key, so what it holds cannot be checked.`);
    }
  });
}

/**
 * Where each needle (a secret, or part of one) is found at rest, as `<file> holds needle #<i>` lines
 * (`(decrypted)` when found in a sealed file's plaintext); empty when nowhere. The needles themselves
 * are never repeated, so a failure does not print a secret.
 */
export function findAtRest(dataDir: string, key: Buffer | null, needles: string[]): string[] {
  const found: string[] = [];
  for (const file of readableFiles(dataDir, key)) {
    needles.forEach((needle, index) => {
      if (file.text.includes(needle)) {
        found.push(`${relative(dataDir, file.path)}${file.decrypted ? ' (decrypted)' : ''} holds needle #${index}`);
      }
    });
  }
  return found;
}

/**
 * Puts `text` into the plaintext of a sealed cache file and seals it again, as a bug that cached it
 * would: for tests that prove a scan can fail. Returns a function that puts the file back as it was.
 */
export function plantInSealedFile(path: string, key: Buffer, text: string): () => void {
  const original = readFileSync(path);
  const journal = journalFileName(basename(path));
  if (journal !== null) {
    // Into the last record: resealed under its own label, so the journal still opens.
    const { baseId, records } = readJournal(original.toString('latin1'), key, journal);
    if (records.length === 0) throw new Error(`${path} holds no record to plant in.`);
    const last = records.length;
    const planted = records[last - 1]!.replace('"description":"', `"description":"${text} `);
    const head = original.toString('latin1').slice(0, original.toString('latin1').indexOf('\n') + 1);
    const lines = records.map((record, i) =>
      seal(
        key,
        i + 1 === last ? (planted === record ? `${record} ${text}` : planted) : record,
        recordLabel(journal, baseId, i + 1),
      ),
    );
    writeFileSync(path, `${head}${lines.join('\n')}\n`);
    return () => writeFileSync(path, original);
  }
  const label = cacheFileLabel(basename(path));
  if (label === null) throw new Error(`${path} is not a cache file.`);
  const plaintext = unseal(key, original.toString('utf8'), label);
  const planted = plaintext.includes('"description":"')
    ? plaintext.replace('"description":"', `"description":"${text} `)
    : `${plaintext}\n${text}`;
  writeFileSync(path, seal(key, planted, label));
  return () => writeFileSync(path, original);
}
