import { z } from 'zod';
import { effectivePermissions, permissionNames } from './permissions.js';
import { isAdminGrade, permissionsOf, ROLE_NAMES, type RoleName } from './roles.js';

/**
 * A domain's token policy (`GET/PUT /api/v1/domains/{domain}/token-policy`): how long tokens may live,
 * which may never expire, how many an account may have active, and when unused ones are suspended.
 * The server enforces it at create, rotate, reactivate and expiry changes; the app reads it to disable
 * the choices it would refuse, with the same words.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Ten years: beyond that a cap means nothing. */
export const MAX_POLICY_DAYS = 3650;
export const MAX_ACTIVE_TOKENS_LIMIT = 1000;

const Days = z
  .number()
  .int('Use a whole number of days.')
  .min(1, 'Use at least 1 day, or none for no limit.')
  .max(MAX_POLICY_DAYS, `Use at most ${MAX_POLICY_DAYS} days, or none for no limit.`);

const Lifetime = z.object({ maxLifetimeDays: Days.nullable() }).strict();

export const TokenPolicy = z
  .object({
    serviceAccountTokens: Lifetime,
    personalTokens: Lifetime,
    neverExpiring: z
      .object({
        allowedFor: z
          .array(z.enum(ROLE_NAMES))
          .max(ROLE_NAMES.length)
          .refine((roles) => new Set(roles).size === roles.length, 'List each role once.'),
      })
      .strict(),
    maxActiveTokensPerAccount: z
      .number()
      .int('Use a whole number of tokens.')
      .min(1, 'Allow at least 1 active token, or none for no limit.')
      .max(MAX_ACTIVE_TOKENS_LIMIT, `Use at most ${MAX_ACTIVE_TOKENS_LIMIT}, or none for no limit.`)
      .nullable(),
    autoSuspendAfterDaysUnused: Days.nullable(),
  })
  .strict();
export type TokenPolicy = z.infer<typeof TokenPolicy>;

/** A new domain's policy: no caps, and no never-expiring token with Admin-grade power. */
export const DEFAULT_TOKEN_POLICY: TokenPolicy = {
  serviceAccountTokens: { maxLifetimeDays: null },
  personalTokens: { maxLifetimeDays: null },
  neverExpiring: { allowedFor: ROLE_NAMES.filter((role) => role !== 'Admin') },
  maxActiveTokensPerAccount: null,
  autoSuspendAfterDaysUnused: null,
};

export const POLICY_RULES = ['maxLifetimeDays', 'neverExpiring', 'maxActiveTokensPerAccount'] as const;
export type PolicyRule = (typeof POLICY_RULES)[number];

/**
 * One rule a token breaks (or would): `allowed` is the policy's value (days, roles or a count), `actual`
 * the token's (days it would still live, null for never; the roles it counts as; the active count).
 */
export interface PolicyBreach {
  rule: PolicyRule;
  allowed: number | readonly string[];
  actual: number | readonly string[] | null;
  /** The rule in words, for the 422 and the app's disabled choices. */
  message: string;
}

export type PolicyTokenKind = 'serviceAccount' | 'personal';

/** What the policy looks at in a token, made or as it stands. */
export interface PolicyToken {
  kind: PolicyTokenKind;
  /** ISO time, or null for never. */
  expiresAt: string | null;
  /** The roles it acts with: a service-account token's own, a personal token's owner's. */
  roles: readonly string[];
  /** Its effective permissions: Admin-grade ones make it count as Admin whatever its roles. */
  permissions: readonly string[];
}

const KIND_WORDS: Record<PolicyTokenKind, string> = {
  serviceAccount: 'service-account tokens',
  personal: 'personal tokens',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function maxLifetimeOf(policy: TokenPolicy, kind: PolicyTokenKind): number | null {
  return (kind === 'serviceAccount' ? policy.serviceAccountTokens : policy.personalTokens).maxLifetimeDays;
}

/** The roles a token counts as for the never-expiring rule: its roles, and Admin when its power is Admin-grade. */
export function rolesCountedAs(token: Pick<PolicyToken, 'roles' | 'permissions'>): RoleName[] {
  const counted = new Set(
    token.roles.filter((role): role is RoleName => (ROLE_NAMES as readonly string[]).includes(role)),
  );
  if (isAdminGrade(token.permissions)) counted.add('Admin');
  return ROLE_NAMES.filter((role) => counted.has(role));
}

/** A service-account token's effective permissions: its roles, and its account's grants less its denies. */
export function serviceAccountTokenPermissions(
  roles: readonly string[],
  account: { grants: readonly string[]; denies: readonly string[] },
): string[] {
  const overrides = permissionNames(
    effectivePermissions({ roles: [], grants: account.grants, denies: account.denies }),
  );
  return [...new Set([...permissionsOf(roles), ...overrides])];
}

/** The lifetime rule: a token may live at most the cap from `now` (a token that never expires breaks any cap). */
export function lifetimeBreach(policy: TokenPolicy, token: PolicyToken, now: number): PolicyBreach | null {
  const cap = maxLifetimeOf(policy, token.kind);
  if (cap === null) return null;
  const lives = token.expiresAt === null ? null : Date.parse(token.expiresAt) - now;
  if (lives !== null && lives <= cap * DAY_MS) return null;
  const allowedWords = `This domain allows ${KIND_WORDS[token.kind]} of at most ${plural(cap, 'day')}`;
  return {
    rule: 'maxLifetimeDays',
    allowed: cap,
    actual: lives === null ? null : Math.ceil(lives / DAY_MS),
    message:
      lives === null
        ? `${allowedWords}; a token that never expires is not allowed.`
        : `${allowedWords}; this one would last ${plural(Math.ceil(lives / DAY_MS), 'day')}.`,
  };
}

/** The never-expiring rule: a token without expiry must count only as roles the policy allows it for. */
export function neverExpiringBreach(policy: TokenPolicy, token: PolicyToken): PolicyBreach | null {
  if (token.expiresAt !== null) return null;
  const counted = rolesCountedAs(token);
  const refused = counted.filter((role) => !policy.neverExpiring.allowedFor.includes(role));
  if (refused.length === 0) return null;
  return {
    rule: 'neverExpiring',
    allowed: policy.neverExpiring.allowedFor,
    actual: counted,
    message: `This domain does not allow tokens that never expire for ${refused.join(' or ')}; choose an expiry date.`,
  };
}

/** The count rule: `active` is how many active tokens the account has besides the one being made or brought back. */
export function activeCountBreach(policy: TokenPolicy, active: number): PolicyBreach | null {
  const cap = policy.maxActiveTokensPerAccount;
  if (cap === null || active < cap) return null;
  return {
    rule: 'maxActiveTokensPerAccount',
    allowed: cap,
    actual: active,
    message: `This domain allows at most ${plural(cap, 'active token')} per account, and this account has ${active}; suspend or delete one first.`,
  };
}

/** The first rule a token made, rotated, brought back or changed now would break, or null. */
export function policyRefusal(
  policy: TokenPolicy,
  token: PolicyToken,
  now: number,
  otherActive?: number,
): PolicyBreach | null {
  return (
    lifetimeBreach(policy, token, now) ??
    neverExpiringBreach(policy, token) ??
    (otherActive === undefined ? null : activeCountBreach(policy, otherActive))
  );
}

/**
 * The expiry choices the app offers under a policy: whether Unlimited may be picked (with the reason
 * when not), the latest date allowed (ms), and the default, the smaller of 30 days and the cap.
 */
export function expiryChoices(
  policy: TokenPolicy,
  token: Omit<PolicyToken, 'expiresAt'>,
  now: number,
  defaultDays: number,
): { unlimited: string | null; latest: number | null; defaultDays: number; capDays: number | null } {
  const unlimited = policyRefusal(policy, { ...token, expiresAt: null }, now);
  const cap = maxLifetimeOf(policy, token.kind);
  return {
    unlimited: unlimited?.message ?? null,
    latest: cap === null ? null : now + cap * DAY_MS,
    defaultDays: cap === null ? defaultDays : Math.min(defaultDays, cap),
    capDays: cap,
  };
}
