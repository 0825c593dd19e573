import type { ServiceAccount, TokenMeta } from './api/models.js';
import {
  DAY_MS,
  lifetimeBreach,
  neverExpiringBreach,
  rolesCountedAs,
  serviceAccountTokenPermissions,
  type PolicyBreach,
  type TokenPolicy,
} from './token-policy.js';

/**
 * What needs an admin's attention among a connection's service-account tokens, from the cached
 * snapshot alone (so it works offline). Pure and allocation-light: the Attention view runs it over every
 * connection at once, 50,000 tokens in a few milliseconds.
 */

/** The groups of the Attention view, most urgent first. A token may be in several. */
export const ATTENTION_GROUPS = [
  'leaked',
  'expiring7',
  'adminForever',
  'policy',
  'disabledAccount',
  'expired',
  'expiring30',
  'unused',
  'neverUsed',
] as const;
export type AttentionGroup = (typeof ATTENTION_GROUPS)[number];

/** A token younger than this is not "never used" yet: it may simply not have been deployed. */
export const NEVER_USED_GRACE_DAYS = 7;
/** The roles that make a token that never expires worth a look. */
const POWERFUL_ROLES: readonly string[] = ['Admin', 'Power User'];

/** Each group's title and why it matters, in one line. */
export function attentionGroupText(group: AttentionGroup, unusedDays: number): { title: string; why: string } {
  switch (group) {
    case 'leaked':
      return {
        title: 'Revoked as leaked',
        why: 'These secrets were reported as leaked and no longer work. Delete them, and make sure whatever used them has a new token.',
      };
    case 'expiring7':
      return {
        title: 'Expiring within 7 days',
        why: 'Whatever uses these tokens stops working when they expire. Rotate them or set a later expiry now.',
      };
    case 'adminForever':
      return {
        title: 'Powerful tokens that never expire',
        why: 'An Admin or Power User token without an expiry keeps working for years if it leaks. Give each one an expiry.',
      };
    case 'policy':
      return {
        title: "Breaking the domain's token policy",
        why: 'These tokens were made before the policy, or under an older one. Bring them within it.',
      };
    case 'disabledAccount':
      return {
        title: 'Active tokens of disabled accounts',
        why: 'They cannot sign in now, but they work again the moment the account is turned back on. Suspend or delete them.',
      };
    case 'expired':
      return {
        title: 'Expired tokens',
        why: 'They no longer work, but still clutter the lists and the audit. Delete the ones nothing needs.',
      };
    case 'expiring30':
      return {
        title: 'Expiring within 30 days',
        why: 'Plan their rotation before they reach the 7-day window.',
      };
    case 'unused':
      return {
        title: `Unused for more than ${unusedDays} days`,
        why: 'A token nothing uses is only a risk. Suspend or delete it.',
      };
    case 'neverUsed':
      return {
        title: 'Never used',
        why: `Created more than ${NEVER_USED_GRACE_DAYS} days ago and never used: probably not needed.`,
      };
  }
}

/** One token that needs attention, with every group it is in. */
export interface AttentionEntry {
  account: ServiceAccount;
  token: TokenMeta;
  groups: AttentionGroup[];
  /** The policy rule it breaks, in words (group `policy`); null otherwise. */
  policy: string | null;
}

export interface AttentionOptions {
  now: number;
  unusedDays: number;
}

/**
 * The tokens of these accounts that need attention. `tokensOf` gives an account's tokens, or null when
 * the admin may not see them (they are then not looked at).
 */
export function attentionOf(
  accounts: readonly ServiceAccount[],
  tokensOf: (accountId: string) => readonly TokenMeta[] | null | undefined,
  policy: TokenPolicy | null,
  options: AttentionOptions,
): AttentionEntry[] {
  const { now } = options;
  const soon7 = now + 7 * DAY_MS;
  const soon30 = now + 30 * DAY_MS;
  const unusedBefore = now - options.unusedDays * DAY_MS;
  const newBefore = now - NEVER_USED_GRACE_DAYS * DAY_MS;
  const cap = policy?.maxActiveTokensPerAccount ?? null;
  const entries: AttentionEntry[] = [];

  for (const account of accounts) {
    const tokens = tokensOf(account.id);
    if (!tokens || tokens.length === 0) continue;
    const active = tokens.filter((token) => isActive(token, now));
    const overCap =
      cap !== null && active.length > cap
        ? `This account has ${active.length} active tokens; the domain allows ${cap}.`
        : null;

    for (const token of tokens) {
      // A rotated-out token lives out its grace and goes: nothing to do about it.
      if (token.replacedBy !== null) continue;
      const groups: AttentionGroup[] = [];
      let breach: string | null = null;
      const expiresAt = token.expiresAt === null ? null : Date.parse(token.expiresAt);

      if (token.status === 'REVOKED_LEAKED') groups.push('leaked');
      else if (token.status === 'EXPIRED' || (expiresAt !== null && expiresAt <= now && isLive(token))) {
        groups.push('expired');
      } else if (token.status === 'ACTIVE') {
        if (expiresAt !== null && expiresAt <= soon7) groups.push('expiring7');
        if (expiresAt === null && isPowerful(token, account)) groups.push('adminForever');
        breach = policy ? policyBreachOf(policy, token, account, now) : null;
        breach ??= overCap;
        if (breach !== null) groups.push('policy');
        if (!account.enabled) groups.push('disabledAccount');
        if (expiresAt !== null && expiresAt > soon7 && expiresAt <= soon30) groups.push('expiring30');
        if (token.lastUsedAt === null) {
          if (Date.parse(token.createdAt) < newBefore) groups.push('neverUsed');
        } else if (Date.parse(token.lastUsedAt) < unusedBefore) groups.push('unused');
      }
      if (groups.length > 0) entries.push({ account, token, groups, policy: breach });
    }
  }
  return entries;
}

const isLive = (token: TokenMeta) => token.status === 'ACTIVE' || token.status === 'SUSPENDED';

/** Active and not past its expiry by the clock (the cache may be older than the expiry). */
function isActive(token: TokenMeta, now: number): boolean {
  return (
    token.status === 'ACTIVE' &&
    token.replacedBy === null &&
    (token.expiresAt === null || Date.parse(token.expiresAt) > now)
  );
}

function permissionsOf(token: TokenMeta, account: ServiceAccount): string[] {
  return serviceAccountTokenPermissions(token.roles, account);
}

/** Admin or Power User by its roles, or Admin-grade by its account's grants. */
function isPowerful(token: TokenMeta, account: ServiceAccount): boolean {
  if (token.roles.some((role) => POWERFUL_ROLES.includes(role))) return true;
  return rolesCountedAs({ roles: token.roles, permissions: permissionsOf(token, account) }).some((role) =>
    POWERFUL_ROLES.includes(role),
  );
}

/** The lifetime or never-expiring rule this active token breaks now, as the server's violations list reads it. */
function policyBreachOf(policy: TokenPolicy, token: TokenMeta, account: ServiceAccount, now: number): string | null {
  const seen = { kind: 'serviceAccount' as const, expiresAt: token.expiresAt, roles: token.roles, permissions: [] };
  const lifetime = lifetimeBreach(policy, seen, now);
  if (lifetime) {
    return lifetime.actual === null
      ? `Never expires; the domain allows service-account tokens of at most ${days(lifetime.allowed)}.`
      : `Still lives ${days(lifetime.actual)}; the domain allows at most ${days(lifetime.allowed)}.`;
  }
  if (token.expiresAt !== null) return null;
  // Permissions only matter for a token that never expires: computed for those alone.
  const never = neverExpiringBreach(policy, { ...seen, permissions: permissionsOf(token, account) });
  if (!never) return null;
  const allowed = policy.neverExpiring.allowedFor;
  const refused = (never.actual as readonly string[]).filter((role) => !(allowed as readonly string[]).includes(role));
  return `Never expires and counts as ${refused.join(', ')}; the domain allows that only for ${allowed.length === 0 ? 'no role' : allowed.join(', ')}.`;
}

const days = (n: PolicyBreach['allowed'] | PolicyBreach['actual']) => `${String(n)} day${n === 1 ? '' : 's'}`;
