import { z } from 'zod';
import { ROLE_NAMES } from '../roles.js';
import { IsoDateTime, TokenName } from '../validation.js';
import { RoleNameSchema, TokenMeta } from './models.js';

/** The expiration choices the app offers: Unlimited, or Limited with these presets or a date. */
export const EXPIRY_PRESET_DAYS = [7, 30, 60, 90] as const;
export const DEFAULT_EXPIRY_DAYS = 30;
/** How long a rotated-out token may keep working, at most. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3600;
/**
 * The least grace the app gives when it rotates the token its own connection uses. If the rotate's
 * answer is lost, the app sends it once more with the OLD secret (the only one it has); with no grace
 * the server would already refuse that secret and the app would be locked out.
 */
export const OWN_TOKEN_MIN_GRACE_SECONDS = 60;
export const MAX_RPS_LIMIT = 100_000;

const MaxRps = z
  .number()
  .int('Max RPS must be a whole number.')
  .positive('Max RPS must be at least 1, or empty for no cap.')
  .max(MAX_RPS_LIMIT, `Max RPS can be at most ${MAX_RPS_LIMIT.toLocaleString('en-US')}.`)
  .nullable();

/**
 * `POST …/service-accounts/{id}/tokens` (domain and admin level). `expiresAt` null is Unlimited; a date
 * must lie in the future. `roles` must be a subset of the account's (422 otherwise); left out, the token
 * gets all of them. The answer carries the secret once. Send an `Idempotency-Key` header: a replay never
 * makes a second token and never returns the secret (409 `idempotent_replay` with the token's metadata).
 */
export const CreateTokenBody = z
  .object({
    name: TokenName,
    expiresAt: IsoDateTime.nullable(),
    roles: z
      .array(RoleNameSchema)
      .max(ROLE_NAMES.length)
      .refine((roles) => new Set(roles).size === roles.length, 'List each role once.')
      .optional(),
    maxRps: MaxRps.default(null),
  })
  .strict();
export type CreateTokenBody = z.input<typeof CreateTokenBody>;

/** When the old create endpoint was deprecated (RFC 9745 `Deprecation: @<epoch seconds>`): 2026-01-01. */
export const DEPRECATED_SINCE = Date.parse('2026-01-01T00:00:00Z') / 1000;

/** The deprecated `POST /api/v1/auth/service-accounts/tokens`: the account id in the body. */
export const DeprecatedCreateTokenBody = CreateTokenBody.extend({
  serviceAccountId: z.string().min(1).max(100),
}).strict();

/** The one answer that holds a secret. */
export const CreatedToken = z.object({ token: TokenMeta, secret: z.string() });
export type CreatedToken = z.infer<typeof CreatedToken>;

/**
 * `PATCH …/tokens/{name}`: status, max RPS and/or expiry. A new `expiresAt` follows the rules of a
 * create: in the future or null, within the domain's policy, and for a service-account caller within
 * its own token's expiry.
 */
export const PatchTokenBody = z
  .object({ status: z.enum(['ACTIVE', 'SUSPENDED']), maxRps: MaxRps, expiresAt: IsoDateTime.nullable() })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send status, maxRps and/or expiresAt.');
export type PatchTokenBody = z.input<typeof PatchTokenBody>;

/**
 * `POST …/tokens/{name}/rotate`: a new token with the same name and settings and a new secret; the old
 * one is renamed `<name>.rotated-<time>` and keeps working for `graceSeconds` (0 = revoked at once),
 * after which it answers 401 `token_rotated`. `expiresAt`, when sent, gives the new token another expiry
 * (the domain's policy may require one); left out, it keeps the old one's.
 */
export const RotateTokenBody = z
  .object({
    graceSeconds: z.number().int().min(0).max(MAX_GRACE_SECONDS, 'The grace period can be at most 30 days.'),
    expiresAt: IsoDateTime.nullable().optional(),
  })
  .strict();
export type RotateTokenBody = z.input<typeof RotateTokenBody>;

export const RotatedToken = z.object({ token: TokenMeta, secret: z.string(), previous: TokenMeta });
export type RotatedToken = z.infer<typeof RotatedToken>;

/** `details` of a 409 `idempotent_replay`: the token the first request made, without its secret. */
export const IdempotentReplayDetails = z.object({ token: TokenMeta });

export const IDEMPOTENCY_HEADER = 'idempotency-key';
