import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Why a file was not scanned. */
export type SkipReason = 'binary' | 'too_large' | 'unreadable';

export type FileBytes = { ok: true; bytes: Buffer } | { ok: false; reason: 'too_large' | 'unreadable' };

/**
 * O_NOFOLLOW: a file that became a symlink after the folder was listed is refused by the kernel, so
 * the scan cannot be led out of its folder. O_NONBLOCK: a file that became a FIFO cannot hang the
 * open. Both are 0 (absent) on Windows, which has neither problem in this form.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * A regular file's whole content in one read, or why not. Its size is checked before reading so a
 * large file costs nothing, and again after, for one that grew in between. An abort rejects with the
 * signal's AbortError; every other failure (EACCES, vanished, ELOOP, EISDIR…) is `unreadable`.
 */
export async function readFileCapped(path: string, maxBytes: number, signal?: AbortSignal): Promise<FileBytes> {
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { ok: false, reason: 'unreadable' };
    if (stats.size > maxBytes) return { ok: false, reason: 'too_large' };
    const bytes = await handle.readFile({ signal });
    if (bytes.length > maxBytes) return { ok: false, reason: 'too_large' };
    return { ok: true, bytes };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, reason: 'unreadable' };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** How much of a file's start is searched for a NUL byte, as Git and grep do to call a file binary. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}
