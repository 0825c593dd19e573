const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

/**
 * "in 24 hours", "in 7 days", "in 45 minutes": rounded to the nearest unit (hours up to two days), so
 * a grace period the admin just chose reads back as chosen, not as "in 23 hours" a second later.
 */
export function formatRemaining(target: string, now: number): string {
  const left = Date.parse(target) - now;
  if (left <= 0) return 'now';
  if (left < HOUR - 30_000) return relative.format(Math.max(1, Math.round(left / MINUTE)), 'minute');
  if (left <= 2 * DAY) return relative.format(Math.round(left / HOUR), 'hour');
  return relative.format(Math.round(left / DAY), 'day');
}
