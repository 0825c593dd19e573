import { describe, expect, it } from 'vitest';
import { fixedOffsetLocalTime, type LocalTime } from './local-time.js';
import { isQuiet, parseQuietHours, quietEnd } from './quiet-hours.js';

const utc = fixedOffsetLocalTime(0);
const at = (text: string): number => Date.parse(`${text}Z`);

describe('quiet hours', () => {
  it('runs across midnight when the end is before the start', () => {
    const span = parseQuietHours({ from: '22:00', to: '07:00' })!;
    expect(isQuiet(span, at('2026-03-01T21:59:59.999'), utc)).toBe(false);
    expect(isQuiet(span, at('2026-03-01T22:00:00'), utc)).toBe(true);
    expect(isQuiet(span, at('2026-03-02T00:00:00'), utc)).toBe(true);
    expect(isQuiet(span, at('2026-03-02T06:59:59.999'), utc)).toBe(true);
    expect(isQuiet(span, at('2026-03-02T07:00:00'), utc)).toBe(false);
    expect(quietEnd(span, at('2026-03-01T23:00:00'), utc)).toBe(at('2026-03-02T07:00:00'));
    expect(quietEnd(span, at('2026-03-02T06:30:00'), utc)).toBe(at('2026-03-02T07:00:00'));
  });

  it('stays within the day when the end is after the start', () => {
    const span = parseQuietHours({ from: '12:00', to: '13:30' })!;
    expect(isQuiet(span, at('2026-03-01T11:59:00'), utc)).toBe(false);
    expect(isQuiet(span, at('2026-03-01T12:45:00'), utc)).toBe(true);
    expect(isQuiet(span, at('2026-03-01T13:30:00'), utc)).toBe(false);
    expect(isQuiet(span, at('2026-03-01T23:00:00'), utc)).toBe(false);
    expect(quietEnd(span, at('2026-03-01T12:45:00'), utc)).toBe(at('2026-03-01T13:30:00'));
  });

  it('reads local time, not UTC', () => {
    const span = parseQuietHours({ from: '22:00', to: '07:00' })!;
    // 21:30 UTC is 23:30 at UTC+2, and the quiet hours end at 07:00 there, 05:00 UTC.
    const plusTwo = fixedOffsetLocalTime(120);
    expect(isQuiet(span, at('2026-03-01T21:30:00'), plusTwo)).toBe(true);
    expect(quietEnd(span, at('2026-03-01T21:30:00'), plusTwo)).toBe(at('2026-03-02T05:00:00'));
  });

  it('is none when both ends are the same, or a time is not HH:MM', () => {
    expect(parseQuietHours(null)).toBeNull();
    expect(parseQuietHours({ from: '22:00', to: '22:00' })).toBeNull();
    expect(parseQuietHours({ from: '7:00', to: '22:00' })).toBeNull();
    expect(parseQuietHours({ from: '22:00', to: '24:00' })).toBeNull();
  });

  describe('across a daylight-saving change', () => {
    /** UTC until `change`, UTC+1 from then on, as a spring-forward night. */
    const springForward = (change: number): LocalTime => ({
      msSinceMidnight: (ms) => utc.msSinceMidnight(ms >= change ? ms + 3_600_000 : ms),
      format: (ms) => utc.format(ms),
    });

    it('ends when the wall clock shows the end, an hour sooner', () => {
      const local = springForward(at('2026-03-29T01:00:00'));
      const span = parseQuietHours({ from: '22:00', to: '07:00' })!;
      // 07:00 local on the 29th is 06:00 UTC.
      expect(quietEnd(span, at('2026-03-28T23:00:00'), local)).toBe(at('2026-03-29T06:00:00'));
    });

    it('moves on when the end is a time the clock jumps over', () => {
      const change = at('2026-03-29T02:00:00');
      const local = springForward(change);
      const span = parseQuietHours({ from: '01:00', to: '02:30' })!;
      const first = quietEnd(span, at('2026-03-29T01:30:00'), local);
      expect(first).toBeGreaterThan(at('2026-03-29T01:30:00'));
      expect(isQuiet(span, first, local)).toBe(false);
    });
  });
});
