import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TokenKind } from '../../../src-shared/token-format.js';
import { AppFailure } from '../errors.js';
import { scanText, type TokenSighting } from './find-tokens.js';
import { FolderRules } from './gitignore.js';
import { ProgressThrottle, type ScanProgress } from './progress.js';
import { looksBinary, readFileCapped } from './read-file.js';

/**
 * Scans a folder the admin picked for TokenDesk tokens, the way Git sees it (`.gitignore` respected,
 * `.git` skipped), and reports where each one is by digest and hint, never the secret: the caller
 * looks the digests up on each connection.
 */

export type { ScanProgress } from './progress.js';

/** One place where a valid token was found. */
export interface Finding {
  /** Relative to the root, with '/' separators on every platform. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in bytes from the start of the line (as `git grep --column` counts). */
  column: number;
  kind: TokenKind;
  hint: string;
  /** SHA-256 of the token, 64 lower-case hex digits: what the server's leak lookup takes. */
  digest: string;
}

export interface ScanReport {
  /** The folder scanned, as an absolute path. */
  root: string;
  /** In walk order (names sorted within each folder), then line and column. */
  findings: Finding[];
  filesScanned: number;
  skipped: { binary: number; tooLarge: number; unreadable: number };
  /** Token-shaped strings whose checksum is wrong: not tokens, but worth a look. */
  badChecksum: number;
  /** The signal aborted: what came before is reported, the rest was not read. */
  cancelled: boolean;
  /** More than MAX_FINDINGS: the scan stopped at the cap. */
  truncated: boolean;
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Larger files are skipped unread (`tooLarge`). */
  maxFileBytes?: number;
  /** Throttled (progress.ts), plus once at the end. */
  onProgress?: (progress: ScanProgress) => void;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
/** Enough for any real folder; beyond it the report only grows, not the answer. */
export const MAX_FINDINGS = 10_000;

export async function scanFolder(root: string, options: ScanOptions = {}): Promise<ScanReport> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!(maxFileBytes >= 0)) throw new RangeError('maxFileBytes must be zero or more');
  const absoluteRoot = resolve(root);
  await checkFolder(absoluteRoot);
  const scan = new FolderScan(absoluteRoot, maxFileBytes, options);
  await scan.run();
  return scan.finish();
}

/** Each distinct digest once, in the order first found: what to look up. */
export function uniqueDigests(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((finding) => finding.digest))];
}

/**
 * The root is followed if it is a symlink (the admin chose it by that name); nothing under it is.
 * Failures are AppFailures so their words reach the renderer as they are (errors.ts toAppError).
 */
async function checkFolder(path: string): Promise<void> {
  let stats;
  try {
    stats = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppFailure('not_found', 'That folder does not exist.');
    throw new AppFailure('forbidden', 'That folder cannot be read.', { cause: error });
  }
  if (!stats.isDirectory()) throw new AppFailure('invalid_request', 'That is a file, not a folder.');
}

/** Names in code-unit order, so two scans of the same folder report in the same order. */
function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

class FolderScan {
  private readonly findings: Finding[] = [];
  private readonly skipped = { binary: 0, tooLarge: 0, unreadable: 0 };
  private filesScanned = 0;
  private bytesScanned = 0;
  private badChecksum = 0;
  private cancelled = false;
  private truncated = false;
  private readonly signal: AbortSignal | undefined;
  private readonly progress: ProgressThrottle;

  constructor(
    private readonly root: string,
    private readonly maxFileBytes: number,
    options: ScanOptions,
  ) {
    this.signal = options.signal;
    this.progress = new ProgressThrottle(options.onProgress);
  }

  async run(): Promise<void> {
    try {
      await this.walkFolder(this.root, '', FolderRules.empty());
    } catch (error) {
      // A read given the signal rejects when it aborts; anything else is a real failure.
      if (!this.signal?.aborted) throw error;
    }
    this.cancelled = this.signal?.aborted ?? false;
  }

  finish(): ScanReport {
    this.progress.finish(this.snapshot(null));
    return {
      root: this.root,
      findings: this.findings,
      filesScanned: this.filesScanned,
      skipped: { ...this.skipped },
      badChecksum: this.badChecksum,
      cancelled: this.cancelled,
      truncated: this.truncated,
    };
  }

  private stopped(): boolean {
    return this.truncated || (this.signal?.aborted ?? false);
  }

  private snapshot(currentFile: string | null): ScanProgress {
    const { binary, tooLarge, unreadable } = this.skipped;
    return {
      filesScanned: this.filesScanned,
      filesSkipped: binary + tooLarge + unreadable,
      bytesScanned: this.bytesScanned,
      currentFile,
    };
  }

  /** `folder` is relative to the root ('' for the root); `parentRules` are those of its parent. */
  private async walkFolder(path: string, folder: string, parentRules: FolderRules): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      if (folder === '') throw new AppFailure('forbidden', 'That folder cannot be read.', { cause: error });
      // Unlisted (EACCES) or gone since its parent was listed: the rest of the scan goes on.
      this.skipped.unreadable++;
      return;
    }
    entries.sort(byName);
    const rules = parentRules.enter(folder, await this.gitignoreOf(path, entries));
    for (const entry of entries) {
      if (this.stopped()) return;
      // Symlinks are never followed: they could lead out of the root or round in a loop.
      if (entry.name === '.git' || entry.isSymbolicLink()) continue;
      const isFolder = entry.isDirectory();
      // Sockets, FIFOs and devices hold nothing to read, and reading a FIFO could wait forever.
      if (!isFolder && !entry.isFile()) continue;
      if (rules.ignores(entry.name, isFolder)) continue;
      const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (isFolder) await this.walkFolder(join(path, entry.name), relative, rules);
      else await this.scanFile(join(path, entry.name), relative);
    }
  }

  /** The text of the folder's `.gitignore`; one that cannot be read adds no rules (Git does the same). */
  private async gitignoreOf(path: string, entries: readonly Dirent[]): Promise<string | null> {
    if (!entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) return null;
    const read = await readFileCapped(join(path, '.gitignore'), this.maxFileBytes, this.signal);
    // Patterns are file names, which Git keeps as UTF-8.
    return read.ok ? read.bytes.toString('utf8') : null;
  }

  private async scanFile(path: string, file: string): Promise<void> {
    const read = await readFileCapped(path, this.maxFileBytes, this.signal);
    if (!read.ok) {
      if (read.reason === 'too_large') this.skipped.tooLarge++;
      else this.skipped.unreadable++;
    } else if (looksBinary(read.bytes)) {
      this.skipped.binary++;
    } else {
      // latin1, one character per byte: find-tokens.ts scanText says why.
      const end = await scanText(read.bytes.toString('latin1'), this.sinkFor(file), this.signal);
      if (end === 'aborted') return;
      this.filesScanned++;
      this.bytesScanned += read.bytes.length;
    }
    this.progress.fileDone(() => this.snapshot(file));
  }

  private sinkFor(file: string) {
    return {
      token: (sighting: TokenSighting): boolean => {
        if (this.findings.length >= MAX_FINDINGS) {
          this.truncated = true;
          return false;
        }
        this.findings.push({ file, ...sighting });
        return true;
      },
      badChecksum: (): void => {
        this.badChecksum++;
      },
    };
  }
}
