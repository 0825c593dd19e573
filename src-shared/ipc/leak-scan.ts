import { z } from 'zod';
import { LookupResults, RevokeLeakedBody, TokenDigest } from '../api/leaks.js';

/** One place a valid token was found: where, and its digest and hint, never the secret. */
export const ScanFinding = z.object({
  /** Relative to the folder scanned, with '/' separators. */
  file: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  kind: z.enum(['serviceAccount', 'personal']),
  hint: z.string(),
  digest: TokenDigest,
});
export type ScanFinding = z.infer<typeof ScanFinding>;

/** What one connection's server said of the digests found: their states, or why it could not be asked. */
export const ScanLookup = z.object({
  connectionId: z.string(),
  name: z.string(),
  /** Why the server could not be asked (offline, token refused), or null. */
  problem: z.string().nullable(),
  items: LookupResults.shape.items,
});
export type ScanLookup = z.infer<typeof ScanLookup>;

export const LeakScanReport = z.object({
  /** The folder scanned, as an absolute path. */
  root: z.string(),
  findings: z.array(ScanFinding),
  filesScanned: z.number().int().nonnegative(),
  skipped: z.object({
    binary: z.number().int().nonnegative(),
    tooLarge: z.number().int().nonnegative(),
    unreadable: z.number().int().nonnegative(),
  }),
  /** Token-shaped strings whose checksum is wrong: not tokens. */
  badChecksum: z.number().int().nonnegative(),
  /** Stopped by the user: what came before is reported. */
  cancelled: z.boolean(),
  /** More findings than a report holds: the scan stopped there. */
  truncated: z.boolean(),
  lookups: z.array(ScanLookup),
});
export type LeakScanReport = z.infer<typeof LeakScanReport>;

/** How far a scan has come (`leakScan:progress` events). */
export const ScanProgress = z.object({
  filesScanned: z.number().int().nonnegative(),
  filesSkipped: z.number().int().nonnegative(),
  bytesScanned: z.number().int().nonnegative(),
  currentFile: z.string().nullable(),
});
export type ScanProgress = z.infer<typeof ScanProgress>;

/** `leakScan:revoke`: tokens found in one file, revoked as leaked on one connection; the file is the source. */
export const LeakScanRevoke = z
  .object({
    connectionId: z.string().min(1).max(100),
    digests: RevokeLeakedBody.shape.digests,
    source: z.string().min(1).max(1000),
  })
  .strict();
