import { z } from 'zod';
import { IsoDateTime } from '../validation.js';
import { TokenMeta } from './models.js';

/**
 * Personal API tokens under `/api/v1/auth/personal-tokens`: the caller's own. A personal
 * token acts with its owner's permissions and never more; when the owner is disabled or deleted it stops
 * at once (401 `owner_disabled`) and lists as DEACTIVATED.
 */
export const PERSONAL_TOKEN_NAME_RULE =
  'Use at least 3 characters: letters, digits, dots, dashes or underscores (at most 64).';
export const PersonalTokenName = z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, PERSONAL_TOKEN_NAME_RULE);

export const CreatePersonalTokenBody = z
  .object({ name: PersonalTokenName, expiresAt: IsoDateTime.nullable() })
  .strict();
export type CreatePersonalTokenBody = z.input<typeof CreatePersonalTokenBody>;

/** Status and/or expiry; a new expiry follows the rules of a create (the future or null, the domain's policy). */
export const PatchPersonalTokenBody = z
  .object({ status: z.enum(['ACTIVE', 'SUSPENDED']), expiresAt: IsoDateTime.nullable() })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send status and/or expiresAt.');
export type PatchPersonalTokenBody = z.input<typeof PatchPersonalTokenBody>;

export const PersonalTokenList = z.object({ items: z.array(TokenMeta) });
export type PersonalTokenList = z.infer<typeof PersonalTokenList>;
