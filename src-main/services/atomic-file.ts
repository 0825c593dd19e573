import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temp files are `<file>.tmp-<pid>-<random>`, beside the file they replace. */
const TEMP_INFIX = '.tmp-';

/**
 * The one way the app writes a file of its own (the data key, the caches). A reader, or the next start
 * after a crash or a power cut, finds the old file or the new one, never a mix: the data goes to a temp
 * file beside it, is flushed to the disk, and the temp file is renamed over the file (a rename within
 * a folder is atomic). The file gets `mode` whatever the umask; the folder is made (0700) if needed.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  writeFileAtomicWith(path, (fd) => writeFileSync(fd, data), mode);
}

/**
 * As `writeFileAtomic`, with the data written by `write` into the open temp file (for data written in
 * parts, never held whole). Everything it writes is flushed before the rename.
 */
export function writeFileAtomicWith(path: string, write: (fd: number) => void, mode = 0o600): void {
  const temp = writeTempFile(path, write, mode);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * The first half of `writeFileAtomicWith`: the data written by `write` into a new temp file beside
 * `path`, flushed to the disk and closed; returns the temp file's path. Renaming it over `path` is the
 * caller's (for a file written off the main thread and put in place on it, see journal-compaction.ts).
 * A temp file never renamed is removed by `removeLeftoverTempFiles` at the next start.
 */
export function writeTempFile(path: string, write: (fd: number) => void, mode = 0o600): string {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = tempName(path);
  try {
    const fd = openSync(temp, 'wx', mode);
    try {
      fchmodSync(fd, mode);
      write(fd);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return temp;
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function tempName(path: string): string {
  return `${path}${TEMP_INFIX}${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Removes a file no longer in use, off the calling thread; never fails (see `removeLeftoverTempFiles`). */
export type BackgroundRemover = (path: string) => Promise<void>;

/** The `BackgroundRemover` of the app: an unlink on libuv's threads. */
export const removeInBackground: BackgroundRemover = (path) => rm(path, { force: true }).catch(() => undefined);

/**
 * `renameSync(from, path)`, except that the file it replaces is freed off this thread. The last
 * unlink of a large file is not a metadata change: the kernel drops its cached pages and frees its
 * blocks then (about 1 ms per MB here, 280 ms for a 231 MB cache base), on the thread that makes
 * it. So the old file first gets a second name, a temp name, and the rename only removes one of its
 * names; `remove` then unlinks the temp name in the background. `path` names a whole file at every
 * moment, as with a plain rename. Killed before the removal ends, a temp file is left, which
 * `removeLeftoverTempFiles(path)` removes at the next start. Where hard links cannot be made, the
 * old file is freed by the rename as before. Answers when the old file is removed.
 */
export function renameOverInBackground(
  from: string,
  path: string,
  remove: BackgroundRemover = removeInBackground,
): Promise<void> {
  const old = tempName(path);
  let linked = false;
  try {
    linkSync(path, old);
    linked = true;
  } catch {
    // No file there yet, or no hard links on this file system: a plain rename.
  }
  try {
    renameSync(from, path);
  } catch (error) {
    if (linked) void remove(old);
    throw error;
  }
  return linked ? remove(old) : Promise.resolve();
}

/**
 * `rmSync(path, { force: true })`, except that the file is freed off this thread (see
 * `renameOverInBackground`): renamed to a temp name at once, that name unlinked in the background.
 */
export function removeFileInBackground(path: string, remove: BackgroundRemover = removeInBackground): Promise<void> {
  const old = tempName(path);
  try {
    renameSync(path, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve();
    throw error;
  }
  return remove(old);
}

/**
 * Removes the temp files a writer killed mid-write left beside `path`. Only one app instance runs on a
 * data folder, so no other writer can be using one.
 */
export function removeLeftoverTempFiles(path: string): void {
  const prefix = `${basename(path)}${TEMP_INFIX}`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix)) rmSync(join(dirname(path), name), { force: true });
  }
}

/**
 * Moves a file that cannot be read out of the way, as `<file>.corrupt-<time>`, so it can still be
 * looked at and the next write starts a new one. Returns where it went, or null when it could not be
 * moved (it is then deleted, if it can be).
 */
export function moveAside(path: string, now: Date): string | null {
  const base = `${path}.corrupt-${fileStamp(now)}`;
  let target = base;
  // Never overwrite an earlier damaged file set aside in the same millisecond.
  for (let n = 1; existsSync(target); n++) target = `${base}-${n}`;
  try {
    renameSync(path, target);
    return target;
  } catch {
    try {
      rmSync(path, { force: true });
    } catch {
      // Nothing more to do: the next write replaces it.
    }
    return null;
  }
}

/** A file-name-safe timestamp for files set aside (`…corrupt-2025-01-31T10-00-00-000Z`). */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}
