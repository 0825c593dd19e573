import {
  neverExpiringBreach,
  policyRefusal,
  serviceAccountTokenPermissions,
  type PolicyBreach,
  type PolicyToken,
} from '../../src-shared/token-policy.js';
import type { RoleName } from '../../src-shared/roles.js';
import { HttpError } from '../http/errors.js';
import type { Store } from '../store/store.js';
import { isoOf, type IsoTime } from '../store/time.js';
import { tokenStatusAt, type TokenRow } from '../store/tokens.js';

/** 422 policy_violation: the rule in words, and in `details` the rule, the allowed value and the token's. */
export function policyViolation(breach: PolicyBreach): HttpError {
  return new HttpError(422, 'policy_violation', breach.message, {
    rule: breach.rule,
    allowed: breach.allowed,
    actual: breach.actual,
  });
}

/**
 * Whether a change leaves a token active that was not active before (reactivated, or an expired token
 * given a later expiry): it then counts against its account's cap on active tokens.
 */
export function becomesActive(
  before: TokenRow,
  after: { status: 'ACTIVE' | 'SUSPENDED'; expiresAt: string | null },
  now: IsoTime,
): boolean {
  const activeNow = tokenStatusAt(before, now) === 'ACTIVE';
  return !activeNow && after.status === 'ACTIVE' && (after.expiresAt === null || after.expiresAt > now);
}

/**
 * Refuses a token that is made, rotated, brought back or given a new expiry if the domain's policy
 * does not allow it as it will be from now on. `activeOf` is given when the token becomes active by
 * this change: the member's other active tokens then count against the per-account cap.
 */
export async function requireWithinPolicy(
  store: Store,
  domainId: string,
  token: PolicyToken,
  activeOf?: { memberId: string; exceptId: string | null },
): Promise<void> {
  const { policy } = await store.policies.get(domainId);
  const others =
    activeOf && policy.maxActiveTokensPerAccount !== null
      ? await store.tokens.activeCount(activeOf.memberId, activeOf.exceptId)
      : undefined;
  const breach = policyRefusal(policy, token, store.now(), others);
  if (breach) throw policyViolation(breach);
}

/**
 * A change to a service account's grants or denies reaches every token of it at once, so it could turn a
 * token that never expires into an Admin-grade one the policy refuses (grant member.manage to a Viewer
 * account holding such a token). Refused like a token made so: 422 policy_violation naming the token.
 * A token that already broke the rule before the change is left to the violations list.
 */
export async function requireNoNeverExpiringGain(
  store: Store,
  domainId: string,
  tokens: readonly TokenRow[],
  before: { grants: readonly string[]; denies: readonly string[] },
  after: { grants: readonly string[]; denies: readonly string[] },
): Promise<void> {
  const now = isoOf(store.now());
  const open = tokens.filter((t) => t.expires_at === null && tokenStatusAt(t, now) !== 'REVOKED_LEAKED');
  if (open.length === 0) return;
  const { policy } = await store.policies.get(domainId);
  for (const token of open) {
    const roles = JSON.parse(token.roles) as string[];
    const view = (overrides: typeof before) => ({
      kind: 'serviceAccount' as const,
      expiresAt: null,
      roles,
      permissions: serviceAccountTokenPermissions(roles, overrides),
    });
    const breach = neverExpiringBreach(policy, view(after));
    if (breach && !neverExpiringBreach(policy, view(before))) {
      const counted = (breach.actual ?? []) as readonly string[];
      const refused = counted.filter((role) => !policy.neverExpiring.allowedFor.includes(role as RoleName));
      throw policyViolation({
        ...breach,
        message:
          `This domain does not allow tokens that never expire for ${refused.join(' or ')}, and this change ` +
          `would make the token "${token.name}" one. Give it an expiry first.`,
      });
    }
  }
}
