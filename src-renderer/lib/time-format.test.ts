import { describe, expect, it } from 'vitest';
import { formatAgo, formatExact, formatRelative, isExpiringSoon, isPast } from './time-format.js';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;
const at = (offset: number) => new Date(NOW + offset).toISOString();

describe('formatRelative', () => {
  it.each([
    [5 * D, 'in 5 days'],
    [5 * D + 23 * H, 'in 5 days'],
    [1 * D, 'in 1 day'],
    [3 * H, 'in 3 hours'],
    [90 * S, 'in 1 minute'],
    [40 * S, 'in 40 seconds'],
    [-2 * D, '2 days ago'],
    [-1 * H, '1 hour ago'],
    [-45 * MIN, '45 minutes ago'],
    [60 * D, 'in 2 months'],
    [-400 * D, '1 year ago'],
    [0, 'now'],
  ])('%i ms away reads "%s"', (offset, expected) => {
    expect(formatRelative(at(offset), NOW)).toBe(expected);
  });
});

describe('formatAgo (top bar)', () => {
  it.each([
    [0, 'just now'],
    [4.9 * S, 'just now'],
    [5 * S, '5 s ago'],
    [12 * S, '12 s ago'],
    [59 * S, '59 s ago'],
    [60 * S, '1 min ago'],
    [59 * MIN, '59 min ago'],
    [2 * H + 5 * MIN, '2 h ago'],
    [1 * D, '1 day ago'],
    [3 * D, '3 days ago'],
  ])('%i ms ago reads "%s"', (ago, expected) => {
    expect(formatAgo(at(-ago), NOW)).toBe(expected);
  });

  it('treats a time slightly in the future (clock skew) as just now', () => {
    expect(formatAgo(at(3 * S), NOW)).toBe('just now');
  });
});

describe('expiry rules', () => {
  it('is expiring soon within 7 days, not after, not when past or absent', () => {
    expect(isExpiringSoon(at(1 * H), NOW)).toBe(true);
    expect(isExpiringSoon(at(7 * D), NOW)).toBe(true);
    expect(isExpiringSoon(at(7 * D + 1), NOW)).toBe(false);
    expect(isExpiringSoon(at(-1), NOW)).toBe(false);
    expect(isExpiringSoon(null, NOW)).toBe(false);
  });

  it('is past at or before now', () => {
    expect(isPast(at(0), NOW)).toBe(true);
    expect(isPast(at(1), NOW)).toBe(false);
    expect(isPast(null, NOW)).toBe(false);
  });
});

describe('formatExact', () => {
  it('uses the local date and time format', () => {
    const value = at(0);
    const expected = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(value),
    );
    expect(formatExact(value)).toBe(expected);
    expect(formatExact(value)).toMatch(/2025/);
  });
});
