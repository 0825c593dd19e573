import type { LocalTime } from './local-time.js';

const DAY_MS = 86_400_000;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Quiet hours in milliseconds since local midnight: from inclusive, to exclusive. */
export interface QuietSpan {
  from: number;
  to: number;
}

/**
 * "22:00"–"07:00" as a span, or null when there is none: no setting, the same time at both ends (a span
 * of no length, not a whole day) or a time that is not "HH:MM", so that a bad setting silences nothing.
 */
export function parseQuietHours(quietHours: { from: string; to: string } | null): QuietSpan | null {
  if (quietHours === null) return null;
  const from = parseClock(quietHours.from);
  const to = parseClock(quietHours.to);
  if (from === null || to === null || from === to) return null;
  return { from, to };
}

function parseClock(text: string): number | null {
  const match = HH_MM.exec(text);
  return match === null ? null : (Number(match[1]) * 60 + Number(match[2])) * 60_000;
}

/** Whether `at` falls in the quiet hours; a span whose end is before its start runs across midnight. */
export function isQuiet(span: QuietSpan, at: number, local: LocalTime): boolean {
  const ms = local.msSinceMidnight(at);
  return span.from < span.to ? ms >= span.from && ms < span.to : ms >= span.from || ms < span.to;
}

/** The first moment after `at` (which is in the quiet hours) when they end. */
export function quietEnd(span: QuietSpan, at: number, local: LocalTime): number {
  const wait = (span.to - local.msSinceMidnight(at) + DAY_MS) % DAY_MS;
  const end = at + wait;
  // Across a daylight-saving change the wall clock moves by an hour: correct by what it shows at the
  // end, unless the end's time does not exist that day (the clock jumps over it), where the first
  // guess is kept. Either way the result is after `at`, so a check never comes back at once for ever.
  let drift = span.to - local.msSinceMidnight(end);
  if (drift > DAY_MS / 2) drift -= DAY_MS;
  if (drift < -DAY_MS / 2) drift += DAY_MS;
  const corrected = end + drift;
  return drift !== 0 && corrected > at && local.msSinceMidnight(corrected) === span.to ? corrected : end;
}
