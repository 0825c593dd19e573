/** How far a scan has come, for a progress line. */
export interface ScanProgress {
  filesScanned: number;
  /** Binary, too large and unreadable together; ignored files are not counted. */
  filesSkipped: number;
  bytesScanned: number;
  /** The file just looked at, relative to the root; null in the last report. */
  currentFile: string | null;
}

/** At most one report per this many milliseconds on a slow scan (large files, a network drive)… */
export const PROGRESS_INTERVAL_MS = 50;
/** …and one per this many files on a fast one, so even a short scan says where it is. */
export const PROGRESS_EVERY_FILES = 250;

/** Passes progress on when enough time or enough files have gone by since the last report. */
export class ProgressThrottle {
  private lastAt = performance.now();
  private filesSince = 0;

  constructor(private readonly onProgress: ((progress: ScanProgress) => void) | undefined) {}

  /** After each file, scanned or skipped. */
  fileDone(progress: () => ScanProgress): void {
    if (!this.onProgress) return;
    this.filesSince++;
    const now = performance.now();
    if (this.filesSince < PROGRESS_EVERY_FILES && now - this.lastAt < PROGRESS_INTERVAL_MS) return;
    this.lastAt = now;
    this.filesSince = 0;
    this.onProgress(progress());
  }

  /** Once, at the end, whatever the throttle says. */
  finish(progress: ScanProgress): void {
    this.onProgress?.(progress);
  }
}
