/**
 * Time wording used across the UI. Relative phrases are English (the UI's language); exact times use
 * the user's locale so the tooltip reads the way their OS clock does.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const WEEK_MS = 7 * DAY;

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** "in 5 days", "3 hours ago", "in 40 seconds". Truncates, so 6 days 23 hours is still "in 6 days". */
export function formatRelative(target: Date | string, now: number): string {
  const diff = toMs(target) - now;
  const abs = Math.abs(diff);
  const sign = diff < 0 ? -1 : 1;
  const [value, unit] = pickUnit(abs);
  // Intl writes "in 0 seconds" for a zero; "now" reads better.
  if (value === 0) return 'now';
  return relative.format(sign * value, unit);
}

function pickUnit(abs: number): [number, Intl.RelativeTimeFormatUnit] {
  if (abs < MINUTE) return [Math.floor(abs / SECOND), 'second'];
  if (abs < HOUR) return [Math.floor(abs / MINUTE), 'minute'];
  if (abs < DAY) return [Math.floor(abs / HOUR), 'hour'];
  if (abs < 30 * DAY) return [Math.floor(abs / DAY), 'day'];
  if (abs < 365 * DAY) return [Math.floor(abs / (30 * DAY)), 'month'];
  return [Math.floor(abs / (365 * DAY)), 'year'];
}

/** The top bar's "just now" / "12 s ago" / "3 min ago" / "2 h ago" / "3 days ago". */
export function formatAgo(past: Date | string, now: number): string {
  const abs = Math.max(0, now - toMs(past));
  if (abs < 5 * SECOND) return 'just now';
  if (abs < MINUTE) return `${Math.floor(abs / SECOND)} s ago`;
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min ago`;
  if (abs < DAY) return `${Math.floor(abs / HOUR)} h ago`;
  const days = Math.floor(abs / DAY);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** Exact local date and time, for tooltips and the offline banner. */
export function formatExact(value: Date | string): string {
  return exact.format(new Date(toMs(value)));
}

/** The time of day in the user's locale ("10:42"), for what happened today; else the exact date and time. */
export function formatClock(value: Date | string, now: number): string {
  const at = toMs(value);
  return now - at < DAY && new Date(at).getDate() === new Date(now).getDate()
    ? clock.format(new Date(at))
    : formatExact(value);
}

/** True when `value` is in the future and no more than 7 days away: the "expiring soon" rule. */
export function isExpiringSoon(value: string | null, now: number): boolean {
  if (value === null) return false;
  const at = toMs(value);
  return at > now && at - now <= WEEK_MS;
}

export function isPast(value: string | null, now: number): boolean {
  return value !== null && toMs(value) <= now;
}

function toMs(value: Date | string): number {
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}
