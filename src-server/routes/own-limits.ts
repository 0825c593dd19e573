import { effectivePermissions, permissionNames } from '../../src-shared/permissions.js';
import type { RoleName } from '../../src-shared/roles.js';
import { effectiveRoles, type Caller } from '../auth/caller.js';
import { HttpError } from '../http/errors.js';
import { isoOf, type IsoTime } from '../store/time.js';
import { tokenStatusAt, type TokenRow } from '../store/tokens.js';

/**
 * A service-account token is a bounded credential: it expires and may be rate-capped. Whatever it makes
 * or gives back must stay inside those bounds, or a leaked 1-hour, 1-RPS token could mint itself (or a
 * neighbour in its group) a token that never expires and has no cap. The rule is about the caller's own
 * token, whatever account the result belongs to. People (personal tokens) are not bound by it: their
 * tokens are how admins hand out longer-lived credentials in the first place. For the same reason a
 * service-account token with limits cannot give a person anything: the person could carry it on without them.
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

type Limit = 'expiresAt' | 'maxRps';
const BOTH = { expiry: true, rate: true };

/** Which of the caller's own limits `result` goes beyond (expiry first), or null: within both, or no bound. */
function exceeded(caller: Caller, result: TokenLimits, check = BOTH): Limit | null {
  if (caller.tokenKind !== 'sa') return null;
  if (check.expiry && outlives(result.expiresAt, caller.tokenExpiresAt)) return 'expiresAt';
  if (check.rate && fasterThan(result.maxRps, caller.maxRps)) return 'maxRps';
  return null;
}

/** "Your token expires on …" or "Your token is limited to n requests per second": the limit in words. */
function ownLimitText(caller: Caller, limit: Limit): string {
  if (limit === 'expiresAt') return `Your token expires on ${plainTime(ms(caller.tokenExpiresAt!))}`;
  const n = caller.maxRps!;
  return `Your token is limited to ${n} request${n === 1 ? '' : 's'} per second`;
}

function beyondOwnLimits(caller: Caller, limit: Limit, message: string, token?: string): HttpError {
  const yours = limit === 'expiresAt' ? caller.tokenExpiresAt : caller.maxRps;
  return new HttpError(403, 'beyond_own_limits', message, { limit, yours, ...(token ? { token } : {}) });
}

/**
 * Refuses (403 beyond_own_limits) a token that would outlive the caller's own service-account token,
 * or allow more requests per second. `check` narrows it to the limits the act actually grants: raising
 * a cap says nothing about the expiry.
 */
export function requireWithinOwnLimits(caller: Caller, result: TokenLimits, act: LimitedAct, check = BOTH): void {
  const limit = exceeded(caller, result, check);
  if (limit === null) return;
  const rule =
    limit === 'expiresAt'
      ? `a token you ${act} cannot outlive it`
      : `a token you ${act} cannot have a higher limit or none`;
  throw beyondOwnLimits(caller, limit, `${ownLimitText(caller, limit)}; ${rule}.`);
}

/**
 * A person makes their own personal tokens, with no expiry and no cap if they like. So what a
 * person's tokens can do, the person can go on doing without limit: to the rule, a person's token has none.
 */
const PERSON: TokenLimits = { expiresAt: null, maxRps: null };
const NO_PERSON_LIMIT: Record<Limit, string> = { expiresAt: 'never expire', maxRps: 'have no limit' };
const ASK_A_PERSON = 'Ask a person with member.manage to do this.';

/**
 * Adding a person hands out a first personal token, and with it the means to make more without limits:
 * beyond any service-account token that has a limit.
 */
export function requireMayAddPerson(caller: Caller): void {
  const limit = exceeded(caller, PERSON);
  if (limit === null) return;
  throw beyondOwnLimits(
    caller,
    limit,
    `${ownLimitText(caller, limit)}, and a person you add could make personal tokens that ${NO_PERSON_LIMIT[limit]}. ${ASK_A_PERSON}`,
  );
}

/** What a member's tokens act with: a token works only while its member is enabled, within their roles and groups. */
export interface Standing {
  enabled: boolean;
  roles: readonly RoleName[];
  groups: readonly string[];
  /** A service account's grants and denies, which reach its tokens at once (none for a person). */
  grants?: readonly string[];
  denies?: readonly string[];
}

/**
 * Whether a change of standing gives this token something it could not do before: it works again (its
 * member is enabled again), gains a permission (a role it was given comes back to a service account, or
 * the account gains a grant or loses a deny; any new role of a person, whose tokens act with all of
 * them), or reaches another group.
 */
function gains(token: TokenRow, before: Standing, after: Standing): boolean {
  if (!after.enabled) return false;
  if (!before.enabled) return true;
  const given = JSON.parse(token.roles) as RoleName[];
  const holds = (standing: Standing) =>
    permissionNames(
      effectivePermissions({
        roles: effectiveRoles(token.kind, [...standing.roles], given),
        grants: standing.grants ?? [],
        denies: standing.denies ?? [],
      }),
    );
  const had = new Set(holds(before));
  const has = holds(after);
  return has.some((permission) => !had.has(permission)) || after.groups.some((g) => !before.groups.includes(g));
}

/**
 * The limits also bound what a service-account token gives back by changing a member rather than a token:
 * enabling an account again, giving back a role one of its tokens was given, adding a group, or the same
 * for a person. Refused (403 beyond_own_limits) when a token that would gain is live and active and goes
 * beyond the caller's own limits; a suspended, expired, rotated-out or deleted token gains nothing now,
 * and bringing it back later goes through the token rules. Taking away (disable, drop roles or groups)
 * never gives anything.
 */
export function requireNoHandBackBeyondOwnLimits(
  caller: Caller,
  tokens: readonly TokenRow[],
  now: IsoTime,
  before: Standing,
  after: Standing,
): void {
  if (caller.tokenKind !== 'sa') return;
  for (const token of tokens) {
    if (token.deleted_at !== null || tokenStatusAt(token, now) !== 'ACTIVE' || !gains(token, before, after)) continue;
    const person = token.kind === 'pt';
    const limit = exceeded(caller, person ? PERSON : { expiresAt: token.expires_at, maxRps: token.max_rps });
    if (limit === null) continue;
    const name = `"${token.name}"`;
    const what = person
      ? before.enabled
        ? `this change would give more rights to this member’s personal token ${name}`
        : `enabling this member would bring back their personal token ${name}`
      : before.enabled
        ? `this change would give more rights to its token ${name}`
        : `enabling this service account would bring back its token ${name}`;
    const why = person
      ? `; a person can make personal tokens that ${NO_PERSON_LIMIT[limit]}. ${ASK_A_PERSON}`
      : `, which ${limit === 'expiresAt' ? 'outlives yours' : 'has a higher limit or none'}. ` +
        'Suspend or delete that token first, or ask a person to do this.';
    throw beyondOwnLimits(caller, limit, `${ownLimitText(caller, limit)}, and ${what}${why}`, token.name);
  }
}
