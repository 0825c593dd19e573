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
  accountId: string;
  token: TokenMeta;
  groups: AttentionGroup[];
  /** The policy rule it breaks, in words (group `policy`); null otherwise. */
  policy: string | null;
}

/** The tokens that need attention, and their accounts, each once. */
export interface Attention {
  accounts: ServiceAccount[];
  entries: AttentionEntry[];
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
): Attention {
  const { now } = options;
  // Times are compared as ISO text (see `canonical`): parsing 150,000 of them would be most of the cost.
  const at = (ms: number) => new Date(ms).toISOString();
  const nowIso = at(now);
  const soon7 = at(now + 7 * DAY_MS);
  const soon30 = at(now + 30 * DAY_MS);
  const unusedBefore = at(now - options.unusedDays * DAY_MS);
  const newBefore = at(now - NEVER_USED_GRACE_DAYS * DAY_MS);
  const cap = policy?.maxActiveTokensPerAccount ?? null;
  const entries: AttentionEntry[] = [];
  const listed: ServiceAccount[] = [];
  // Only tokens that never expire need their permissions weighed: once per roles, grants and denies.
  const foreverOf = foreverVerdicts(policy);

  for (const account of accounts) {
    const tokens = tokensOf(account.id);
    if (!tokens || tokens.length === 0) continue;
    const before = entries.length;
    const overCap = cap === null ? null : overCapText(tokens, cap, nowIso);

    for (const token of tokens) {
      // A rotated-out token lives out its grace and goes: nothing to do about it.
      if (token.replacedBy !== null) continue;
      // Allocated only for a token that is in a group: most are in none.
      let groups: AttentionGroup[] | null = null;
      let breach: string | null = null;
      const expiresAt = token.expiresAt === null ? null : canonical(token.expiresAt);

      if (token.status === 'REVOKED_LEAKED') groups = ['leaked'];
      else if (token.status === 'EXPIRED' || (expiresAt !== null && expiresAt <= nowIso && isLive(token))) {
        groups = ['expired'];
      } else if (token.status === 'ACTIVE') {
        if (expiresAt !== null && expiresAt <= soon7) (groups ??= []).push('expiring7');
        const forever = expiresAt === null ? foreverOf(token.roles, account) : null;
        if (forever?.powerful) (groups ??= []).push('adminForever');
        breach = policy ? (lifetimeText(policy, token, now) ?? forever?.breach ?? null) : null;
        breach ??= overCap;
        if (breach !== null) (groups ??= []).push('policy');
        if (!account.enabled) (groups ??= []).push('disabledAccount');
        if (expiresAt !== null && expiresAt > soon7 && expiresAt <= soon30) (groups ??= []).push('expiring30');
        if (token.lastUsedAt === null) {
          if (canonical(token.createdAt) < newBefore) (groups ??= []).push('neverUsed');
        } else if (canonical(token.lastUsedAt) < unusedBefore) (groups ??= []).push('unused');
      }
      if (groups !== null) entries.push({ accountId: account.id, token, groups, policy: breach });
    }
    if (entries.length > before) listed.push(account);
  }
  return { accounts: listed, entries };
}

/**
 * ISO text as the server writes it (`toISOString`: UTC, milliseconds, `Z`) compares as text, as the
 * times in authz.ts do; any other form the schema accepts (an offset) is brought to it first.
 */
function canonical(text: string): string {
  return text.length === 24 && text.endsWith('Z') ? text : new Date(text).toISOString();
}

const isLive = (token: TokenMeta) => token.status === 'ACTIVE' || token.status === 'SUSPENDED';

/** The count rule's words when the account has more active tokens than the cap (as many is within it). */
function overCapText(tokens: readonly TokenMeta[], cap: number, nowIso: string): string | null {
  let active = 0;
  for (const token of tokens) {
    const live = token.expiresAt === null || canonical(token.expiresAt) > nowIso;
    if (token.status === 'ACTIVE' && token.replacedBy === null && live) active++;
  }
  return active > cap ? `This account has ${active} active tokens; the domain allows ${cap}.` : null;
}

/** What a token that never expires is, by its roles in its account: powerful, and against the never-expiring rule. */
interface ForeverVerdict {
  powerful: boolean;
  breach: string | null;
}

/**
 * The verdicts of tokens that never expire, worked out once per token roles and account grants and
 * denies (a handful across 10,000 accounts): their permissions are the costly part of the rules.
 */
function foreverVerdicts(
  policy: TokenPolicy | null,
): (roles: readonly string[], account: Pick<ServiceAccount, 'grants' | 'denies'>) => ForeverVerdict {
  const known = new Map<string, ForeverVerdict>();
  return (roles, account) => {
    const key = `${roles.join(',')}|${account.grants.join(',')}|${account.denies.join(',')}`;
    let found = known.get(key);
    if (!found) {
      const permissions = serviceAccountTokenPermissions(roles, account);
      // Admin or Power User by its roles, or Admin-grade by its account's grants.
      const powerful = rolesCountedAs({ roles, permissions }).some((role) => POWERFUL_ROLES.includes(role));
      const never =
        policy && neverExpiringBreach(policy, { kind: 'serviceAccount', expiresAt: null, roles, permissions });
      found = { powerful, breach: never ? neverExpiringText(policy, never) : null };
      known.set(key, found);
    }
    return found;
  };
}

/** The lifetime rule this active token breaks now, in words, as the server's violations list reads it. */
function lifetimeText(policy: TokenPolicy, token: TokenMeta, now: number): string | null {
  if (policy.serviceAccountTokens.maxLifetimeDays === null) return null;
  const seen = { kind: 'serviceAccount' as const, expiresAt: token.expiresAt, roles: token.roles, permissions: [] };
  const breach = lifetimeBreach(policy, seen, now);
  if (!breach) return null;
  return breach.actual === null
    ? `Never expires; the domain allows service-account tokens of at most ${days(breach.allowed)}.`
    : `Still lives ${days(breach.actual)}; the domain allows at most ${days(breach.allowed)}.`;
}

function neverExpiringText(policy: TokenPolicy, never: PolicyBreach): string {
  const allowed: readonly string[] = policy.neverExpiring.allowedFor;
  const refused = (never.actual as readonly string[]).filter((role) => !allowed.includes(role));
  return `Never expires and counts as ${refused.join(', ')}; the domain allows that only for ${allowed.length === 0 ? 'no role' : allowed.join(', ')}.`;
}

const days = (n: PolicyBreach['allowed'] | PolicyBreach['actual']) => `${String(n)} day${n === 1 ? '' : 's'}`;
