import { z } from 'zod';
import { TokenMeta } from './models.js';

/**
 * Leak response. `POST /api/v1/leaks` takes reports in the shape of GitHub's secret-scanning partner
 * program; anyone holding a secret may report it, and a reported live token is revoked at once.
 */
export const MAX_LEAK_REPORTS = 100;
export const MAX_DIGESTS = 1000;
/** How much of a report's url and source is kept: plain text, never a link. */
export const LEAK_URL_MAX = 500;
export const LEAK_SOURCE_MAX = 200;

export const LeakReport = z
  .object({
    token: z.string().max(1000),
    type: z.string().max(200).optional(),
    url: z.string().max(8000).optional(),
    source: z.string().max(1000).optional(),
  })
  .strict();
export const LeakReportBody = z.array(LeakReport).min(1).max(MAX_LEAK_REPORTS);
export type LeakReportBody = z.input<typeof LeakReportBody>;

export const LEAK_RESULTS = ['revoked', 'already_revoked', 'unknown', 'malformed'] as const;
export type LeakResult = (typeof LEAK_RESULTS)[number];

/** One result per reported item, in the order sent. A string that fails its checksum is `malformed`. */
export const LeakReportResults = z.array(z.object({ token_hint: z.string(), result: z.enum(LEAK_RESULTS) }));
export type LeakReportResults = z.infer<typeof LeakReportResults>;

/** A token's SHA-256 digest as lower-case hex: what the app sends instead of a secret it found. */
export const TokenDigest = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'A digest is the SHA-256 of the token as 64 lower-case hex digits.');

const Digests = z
  .array(TokenDigest)
  .min(1)
  .max(MAX_DIGESTS)
  .refine((digests) => new Set(digests).size === digests.length, 'List each digest once.');

/** `POST …/tokens/revoke-leaked`: the caller revokes these as leaked; `source` says where they were found. */
export const RevokeLeakedBody = z
  .object({
    digests: Digests,
    source: z.string().max(1000).optional(),
    url: z.string().max(8000).optional(),
  })
  .strict();
export type RevokeLeakedBody = z.input<typeof RevokeLeakedBody>;

export const RevokeLeakedResults = z.object({
  items: z.array(
    z.object({
      digest: TokenDigest,
      result: z.enum(['revoked', 'already_revoked', 'unknown']),
      token: TokenMeta.optional(),
    }),
  ),
});
export type RevokeLeakedResults = z.infer<typeof RevokeLeakedResults>;

/** `POST …/tokens/lookup`: which digests are tokens the caller manages. */
export const LookupBody = z.object({ digests: Digests }).strict();
export type LookupBody = z.input<typeof LookupBody>;

/**
 * `live`: its secret still works or can again (active, suspended or expired); `revoked`: revoked as
 * leaked or rotated out past its grace; `deleted`; `unknown`: no token the caller may see.
 */
export const LOOKUP_STATES = ['live', 'revoked', 'deleted', 'unknown'] as const;
export const LookupResults = z.object({
  items: z.array(
    z.object({
      digest: TokenDigest,
      state: z.enum(LOOKUP_STATES),
      accountId: z.string().optional(),
      accountName: z.string().optional(),
      kind: z.enum(['serviceAccount', 'personal']).optional(),
      token: TokenMeta.optional(),
    }),
  ),
});
export type LookupResults = z.infer<typeof LookupResults>;
