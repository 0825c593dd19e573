import { policyRefusal, type PolicyBreach, type PolicyToken } from '../../src-shared/token-policy.js';
import { HttpError } from '../http/errors.js';
import type { Store } from '../store/store.js';
import type { IsoTime } from '../store/time.js';
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
