import { z } from 'zod';

/** Service-account names: lowercase letters, digits and underscores, 3–64 characters (seed 000). */
export const SERVICE_ACCOUNT_NAME_RULE =
  'Use 3–64 lowercase letters, digits and underscores (for example ci_deployer).';
export const ServiceAccountName = z.string().regex(/^[a-z0-9_]{3,64}$/, SERVICE_ACCOUNT_NAME_RULE);

export const Description = z.string().max(1000, 'Keep the description to 1,000 characters or fewer.');

/** Token names: unique per account and used as the path key, so they stay URL-safe. */
export const TOKEN_NAME_RULE = 'Use 3–64 letters, digits, dots, dashes or underscores.';
export const TokenName = z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, TOKEN_NAME_RULE);

export const GroupName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'Use 2–64 lowercase letters, digits, dashes or underscores.');

export const MemberName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'Use 2–64 lowercase letters, digits, dots, dashes or underscores.');

export const DomainName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Use lowercase letters, digits and dashes.');

export const IsoDateTime = z.iso.datetime({ offset: true });
