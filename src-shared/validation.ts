import { z } from 'zod';

/** Service-account names: lowercase letters, digits and underscores, 3–64 characters. */
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

/**
 * The latest and earliest instants the API stores and returns. Times are kept as fixed-width ISO text
 * (`YYYY-MM-DDTHH:mm:ss.sssZ`), which only years 0000–9999 have: `9999-12-31T23:59:59-14:00` is
 * `+010000-01-01T…Z` in UTC, which sorts wrongly as text and fails every list's schema.
 */
export const LATEST_INSTANT = '9999-12-31T23:59:59.999Z';
export const EARLIEST_INSTANT = '0000-01-01T00:00:00.000Z';
const LATEST_MS = Date.parse(LATEST_INSTANT);
const EARLIEST_MS = Date.parse(EARLIEST_INSTANT);
export const DATE_RANGE_RULE = `Use a date and time between ${EARLIEST_INSTANT} and ${LATEST_INSTANT} (UTC).`;

/** An ISO 8601 date-time with an offset, naming an instant in years 0000–9999 once converted to UTC. */
export const IsoDateTime = z.iso.datetime({ offset: true }).refine((text) => {
  const ms = Date.parse(text);
  return ms >= EARLIEST_MS && ms <= LATEST_MS;
}, DATE_RANGE_RULE);
