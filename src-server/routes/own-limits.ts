import type { Caller } from '../auth/caller.js';
import { HttpError } from '../http/errors.js';
import { isoOf } from '../store/time.js';

/**
 * A service-account token is a bounded credential: it expires and may be rate-capped. Whatever it makes
 * or gives back must stay inside those bounds, or a leaked 1-hour, 1-RPS token could mint itself (or a
 * neighbour in its group) a token that never expires and has no cap. The rule is about the caller's own
 * token, whatever account the result belongs to. People (personal tokens) are not bound by it: their
 * tokens are how admins hand out longer-lived credentials in the first place.
 *
 * It stays in the server: the app talks with a person's token and never needs it ahead of time.
 */

/** A token's limits as stored: expiry as fixed-width ISO text or epoch milliseconds, null for none. */
export interface TokenLimits {
  expiresAt: string | number | null;
  maxRps: number | null;
}

export type LimitedAct = 'create' | 'rotate' | 'reactivate' | 'change';

const ms = (at: string | number): number => (typeof at === 'number' ? at : Date.parse(at));
/** "2026-03-01 14:00:00 UTC": exact to the second, and plainly UTC. */
const plainTime = (at: number): string => `${isoOf(at).slice(0, 19).replace('T', ' ')} UTC`;

/** Whether `a` lasts longer than `b` (null is forever). */
function outlives(a: string | number | null, b: string | number | null): boolean {
  if (b === null) return false;
  return a === null || ms(a) > ms(b);
}

/** Whether cap `a` allows more than cap `b` (null is no cap). */
function fasterThan(a: number | null, b: number | null): boolean {
  if (b === null) return false;
  return a === null || a > b;
}

/**
 * Refuses (403 beyond_own_limits) a token that would outlive the caller's own service-account token,
 * or allow more requests per second. `check` narrows it to the limits the act actually grants: raising
 * a cap says nothing about the expiry.
 */
export function requireWithinOwnLimits(
  caller: Caller,
  result: TokenLimits,
  act: LimitedAct,
  check: { expiry: boolean; rate: boolean } = { expiry: true, rate: true },
): void {
  if (caller.tokenKind !== 'sa') return;
  const own = { expiresAt: caller.tokenExpiresAt, maxRps: caller.maxRps };
  if (check.expiry && outlives(result.expiresAt, own.expiresAt)) {
    throw new HttpError(
      403,
      'beyond_own_limits',
      `Your token expires on ${plainTime(ms(own.expiresAt!))}; a token you ${act} cannot outlive it.`,
      { limit: 'expiresAt', yours: own.expiresAt },
    );
  }
  if (check.rate && fasterThan(result.maxRps, own.maxRps)) {
    const n = own.maxRps!;
    throw new HttpError(
      403,
      'beyond_own_limits',
      `Your token is limited to ${n} request${n === 1 ? '' : 's'} per second; a token you ${act} cannot have a higher limit or none.`,
      { limit: 'maxRps', yours: n },
    );
  }
}

/**
 * The limits of a token the server mints on the caller's behalf with defaults of its own (a new member's
 * first personal token): brought down to the caller's own service-account token's, never refused.
 */
export function withinOwnLimits(caller: Caller, wanted: { expiresAt: number | null; maxRps: number | null }) {
  if (caller.tokenKind !== 'sa') return wanted;
  const ownExpiry = caller.tokenExpiresAt === null ? null : Date.parse(caller.tokenExpiresAt);
  return {
    expiresAt: outlives(wanted.expiresAt, ownExpiry) ? ownExpiry : wanted.expiresAt,
    maxRps: fasterThan(wanted.maxRps, caller.maxRps) ? caller.maxRps : wanted.maxRps,
  };
}
