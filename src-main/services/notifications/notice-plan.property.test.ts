import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedOffsetLocalTime } from './local-time.js';
import { planNotices, type NotificationSettings } from './notice-plan.js';
import { DAY, iso, watched } from './test-tokens.js';

const START = Date.parse('2026-06-01T00:00:00Z');
const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }));
const hhmm = ([h, m]: [number, number]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

describe('planNotices over time', () => {
  it('notifies each window of a token at most once, smallest last, before its expiry, and always moves on', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 * DAY }),
        fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 4 }),
        fc.option(fc.tuple(clock, clock)),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (expiresIn, thresholdsDays, quiet, offset) => {
          const settings: NotificationSettings = {
            enabled: true,
            thresholdsDays,
            quietHours: quiet === null ? null : { from: hhmm(quiet[0]), to: hhmm(quiet[1]) },
          };
          const local = fixedOffsetLocalTime(offset);
          const tokens = [watched({ expiresAt: iso(START + expiresIn) })];
          const remembered = new Set<string>();
          const notified: number[] = [];
          let now = START;
          for (let step = 0; ; step++) {
            // A window or an end of quiet hours per step, and a few steps to spare.
            expect(step).toBeLessThan(2 * thresholdsDays.length + 3);
            const result = planNotices(tokens, remembered, settings, now, local);
            for (const key of result.forget) remembered.delete(key);
            for (const key of result.remember) remembered.add(key);
            for (const notice of result.notices) notified.push(Number(/within (\d+) day/.exec(notice.title)?.[1]));
            if (result.notices.length > 0) expect(now).toBeLessThan(START + expiresIn);
            if (result.nextCheckAt === null) break;
            expect(result.nextCheckAt).toBeGreaterThan(now);
            now = result.nextCheckAt;
          }
          expect(new Set(notified).size).toBe(notified.length);
          expect([...notified].sort((a, b) => b - a)).toEqual(notified);
          // Without quiet hours, the smallest window is always notified (at the latest when first seen).
          if (quiet === null && thresholdsDays.length > 0) expect(notified.at(-1)).toBe(Math.min(...thresholdsDays));
        },
      ),
    );
  });

  it('never notifies during quiet hours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * DAY }), fc.integer({ min: 0, max: 2 * DAY }), (expiresIn, seenAt) => {
        const settings: NotificationSettings = {
          enabled: true,
          thresholdsDays: [7, 1],
          quietHours: { from: '22:00', to: '07:00' },
        };
        const now = START + seenAt;
        const result = planNotices(
          [watched({ expiresAt: iso(START + expiresIn) })],
          new Set(),
          settings,
          now,
          fixedOffsetLocalTime(0),
        );
        const hour = new Date(now).getUTCHours();
        if (hour >= 22 || hour < 7) expect(result.notices).toEqual([]);
        if (result.nextCheckAt !== null) {
          const at = new Date(result.nextCheckAt).getUTCHours();
          expect(at >= 7 && at < 22).toBe(true);
        }
      }),
    );
  });
});
