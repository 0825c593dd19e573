import type { Me, TokenMeta } from '../../src-shared/api/models.js';
import { DEFAULT_EXPIRY_DAYS } from '../../src-shared/api/tokens.js';
import {
  activeCountBreach,
  DAY_MS,
  expiryChoices,
  policyRefusal,
  serviceAccountTokenPermissions,
  type PolicyToken,
  type TokenPolicy,
} from '../../src-shared/token-policy.js';
import { DEFAULT_EXPIRY, expiryDate, type ExpiryChoice } from './token-form.js';

/**
 * What the domain's policy leaves of the expiry choices for one token: why Unlimited is refused (null
 * when it is allowed), the longest life in days (null for no cap) and the default, the smaller of 30
 * days and the cap. No policy known: nothing is limited.
 */
export interface ExpiryLimits {
  unlimited: string | null;
  capDays: number | null;
  defaultChoice: ExpiryChoice;
}

export const NO_LIMITS: ExpiryLimits = { unlimited: null, capDays: null, defaultChoice: DEFAULT_EXPIRY };

export function expiryLimits(
  policy: TokenPolicy | null,
  token: Omit<PolicyToken, 'expiresAt'>,
  now: number,
): ExpiryLimits {
  if (!policy) return NO_LIMITS;
  const choices = expiryChoices(policy, token, now, DEFAULT_EXPIRY_DAYS);
  return {
    unlimited: choices.unlimited,
    capDays: choices.capDays,
    defaultChoice: { kind: 'preset', days: choices.defaultDays },
  };
}

/** The latest expiry the cap allows, as a date input's `max` (local date), or undefined without a cap. */
export function latestInput(limits: ExpiryLimits, now: number): string | undefined {
  if (limits.capDays === null) return undefined;
  const d = new Date(now + limits.capDays * DAY_MS);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The policy's words for the chosen expiry, or null when the policy allows it (or no date is picked yet). */
export function expiryRefusal(
  policy: TokenPolicy | null,
  token: Omit<PolicyToken, 'expiresAt'>,
  choice: ExpiryChoice,
  now: number,
): string | null {
  const date = expiryDate(choice, now);
  if (!policy || date === undefined) return null;
  return (
    policyRefusal(policy, { ...token, expiresAt: date === null ? null : date.toISOString() }, now)?.message ?? null
  );
}

/** A personal token as the policy sees it: it acts with its owner's (the caller's) roles and permissions. */
export function personalPolicyToken(me: Me | null): Omit<PolicyToken, 'expiresAt'> {
  return {
    kind: 'personal',
    roles: me?.roles ?? [],
    permissions: me ? me.permissions.map((p) => p.permission) : [],
  };
}

/** A service-account token as the policy sees it: its roles, and its account's grants less its denies. */
export function tokenPolicyView(
  token: Pick<TokenMeta, 'roles'>,
  account: { grants: readonly string[]; denies: readonly string[] },
): Omit<PolicyToken, 'expiresAt'> {
  return {
    kind: 'serviceAccount',
    roles: token.roles,
    permissions: serviceAccountTokenPermissions(token.roles, account),
  };
}

/**
 * Why the policy would refuse a suspended token brought back as it is (its expiry; the count is the
 * row's own reason), or null.
 */
export function reactivationRefusal(
  policy: TokenPolicy | null,
  token: TokenMeta,
  account: { grants: readonly string[]; denies: readonly string[] },
  now: number,
): string | null {
  if (!policy) return null;
  return (
    policyRefusal(policy, { ...tokenPolicyView(token, account), expiresAt: token.expiresAt }, now)?.message ?? null
  );
}

/** Why Reactivate is refused by the per-account cap: the account's active tokens, counted as the server does. */
export function activeCapReason(policy: TokenPolicy | null, tokens: readonly TokenMeta[]): string | null {
  if (!policy) return null;
  const active = tokens.filter((t) => t.status === 'ACTIVE' && t.replacedBy === null).length;
  return activeCountBreach(policy, active)?.message ?? null;
}
