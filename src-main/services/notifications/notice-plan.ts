import type { NotificationSettings } from '../../../src-shared/ipc/models.js';
import { systemLocalTime, type LocalTime } from './local-time.js';
import { expiryKey, leakedKey, tokensWithKeys } from './notice-keys.js';
import { batchNotice, singleNotice } from './notice-text.js';
import type { DueNotice, TokenNotice, WatchedToken } from './notice-types.js';
import { isQuiet, parseQuietHours, quietEnd, type QuietSpan } from './quiet-hours.js';

export type { NotificationSettings };

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  enabled: true,
  thresholdsDays: [7, 1],
  quietHours: null,
};

export interface NoticePlan {
  /** At most one: several tokens due at once make one notice. */
  notices: TokenNotice[];
  /** Keys to remember from now on. */
  remember: string[];
  /**
   * Remembered keys to let go: the token left that window again (its expiry was pushed back), expired
   * over an hour ago, or is no longer live.
   */
  forget: string[];
  /** When to plan again: the next moment something becomes due; null when nothing ever will. */
  nextCheckAt: number | null;
}

const DAY_MS = 86_400_000;

/**
 * A remembered window is let go only once the token is this far outside it, so that a clock set back a
 * little, or an expiry moved by minutes, does not bring the same notice back.
 */
export const REARM_MARGIN_MS = 60 * 60_000;

/** Whole days above zero, smallest first, each once: the windows a token can enter. */
export function thresholdsOf(settings: NotificationSettings): number[] {
  const valid = settings.thresholdsDays.filter((days) => Number.isInteger(days) && days > 0);
  return [...new Set(valid)].sort((a, b) => a - b);
}

const nothing = (): NoticePlan => ({ notices: [], remember: [], forget: [], nextCheckAt: null });

/**
 * What to notify now, from the cached tokens and the keys already remembered. Pure: the caller shows
 * the notices, stores `remember` and `forget`, and plans again at `nextCheckAt`.
 *
 * A live (ACTIVE or SUSPENDED) token enters the window of `d` days at its expiry minus `d` days. When it
 * is in several windows at once, only the smallest is notified and the larger ones are remembered with
 * it, so "within 7 days" never follows "within 1 day". A token revoked as leaked is notified once.
 *
 * A token that has expired, or is not live, gets no expiry notice and nothing is remembered for it;
 * what was remembered of its windows is let go, since it can only come back with a new expiry date (or
 * back to life), which deserves notices of its own. So the memory holds little more than the tokens in
 * a window now and the leaked ones.
 */
export function planNotices(
  tokens: readonly WatchedToken[],
  remembered: ReadonlySet<string>,
  settings: NotificationSettings,
  now: number,
  local: LocalTime = systemLocalTime,
): NoticePlan {
  if (!settings.enabled) return nothing();
  const thresholds = thresholdsOf(settings);
  const withKeys = tokensWithKeys(remembered);
  const plan: Gathering = { remembered, thresholds, now, due: [], remember: [], forget: [], next: Infinity };
  for (const token of tokens) {
    // Most tokens have no key remembered: for them no key is built, which is most of a plan's cost.
    planToken(token, withKeys.get(token.connectionId)?.has(token.tokenId) === true, plan);
  }
  const { due, remember, forget, next } = plan;

  const quiet = parseQuietHours(settings.quietHours);
  const nextCheckAt = next === Infinity ? null : afterQuiet(quiet, next, local);
  if (quiet !== null && remember.length > 0 && isQuiet(quiet, now, local)) {
    // Nothing is shown or remembered now: it all goes out together when the quiet hours end.
    return { notices: [], remember: [], forget, nextCheckAt: quietEnd(quiet, now, local) };
  }
  const notices = due.length === 0 ? [] : [due.length === 1 ? singleNotice(due[0]!, local) : batchNotice(due)];
  return { notices, remember, forget, nextCheckAt };
}

/** A check that would fall in the quiet hours is put off to their end: it could show nothing before. */
function afterQuiet(quiet: QuietSpan | null, at: number, local: LocalTime): number {
  return quiet !== null && isQuiet(quiet, at, local) ? quietEnd(quiet, at, local) : at;
}

/** What a plan gathers as it goes through the tokens. */
interface Gathering {
  remembered: ReadonlySet<string>;
  thresholds: number[];
  now: number;
  due: DueNotice[];
  remember: string[];
  forget: string[];
  next: number;
}

/** One token's part of the plan; `known` says whether any key of it is remembered. */
function planToken(token: WatchedToken, known: boolean, plan: Gathering): void {
  const { connectionId, tokenId } = token;
  const { remembered, thresholds, now } = plan;
  if (token.status === 'REVOKED_LEAKED') {
    const key = leakedKey(connectionId, tokenId);
    if (!known || !remembered.has(key)) {
      plan.due.push({ kind: 'leaked', token });
      plan.remember.push(key);
    }
    if (known) letGo(token, plan);
    return;
  }
  const live = token.status === 'ACTIVE' || token.status === 'SUSPENDED';
  const expiresAt = !live ? NaN : token.expiresAt === null ? Infinity : Date.parse(token.expiresAt);
  if (!(expiresAt > now)) {
    // Not live, unreadable, or expired; an hour after, so that a clock set back a little does not
    // bring the last notice back.
    if (known && !(expiresAt > now - REARM_MARGIN_MS)) letGo(token, plan);
    return;
  }

  // Smallest window first: those the token is outside of come first, then those it is in.
  let smallestIn = -1;
  for (let i = 0; i < thresholds.length; i++) {
    const days = thresholds[i]!;
    const entersAt = expiresAt - days * DAY_MS;
    if (entersAt <= now) {
      smallestIn = i;
      break;
    }
    const key = known ? expiryKey(connectionId, tokenId, days) : '';
    if (!known || !remembered.has(key)) plan.next = Math.min(plan.next, entersAt);
    else if (entersAt - now > REARM_MARGIN_MS) {
      // Its expiry was pushed back: this window is notified again when the token enters it.
      plan.forget.push(key);
      plan.next = Math.min(plan.next, entersAt);
    }
  }
  if (smallestIn < 0) return;
  const days = thresholds[smallestIn]!;
  if (!known || !remembered.has(expiryKey(connectionId, tokenId, days))) {
    plan.due.push({ kind: 'expiry', days, expiresAt, token });
  }
  for (let i = smallestIn; i < thresholds.length; i++) {
    const key = expiryKey(connectionId, tokenId, thresholds[i]!);
    if (!known || !remembered.has(key)) plan.remember.push(key);
  }
}

/** Lets go of the token's remembered windows: it has left them all for good. */
function letGo(token: WatchedToken, plan: Gathering): void {
  for (const days of plan.thresholds) {
    const key = expiryKey(token.connectionId, token.tokenId, days);
    if (plan.remembered.has(key)) plan.forget.push(key);
  }
}
