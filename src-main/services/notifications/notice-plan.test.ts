import { describe, expect, it } from 'vitest';
import { fixedOffsetLocalTime } from './local-time.js';
import { expiryKey, leakedKey } from './notice-keys.js';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  planNotices,
  REARM_MARGIN_MS,
  type NotificationSettings,
} from './notice-plan.js';
import type { WatchedToken } from './notice-types.js';
import { DAY, expiringTogether, HOUR, iso, watched } from './test-tokens.js';

const utc = fixedOffsetLocalTime(0);
const NOW = Date.parse('2026-12-01T10:30:00Z');
const settings = (overrides: Partial<NotificationSettings> = {}): NotificationSettings => ({
  ...DEFAULT_NOTIFICATION_SETTINGS,
  ...overrides,
});
const plan = (
  tokens: WatchedToken[],
  remembered: Iterable<string> = [],
  options: Partial<NotificationSettings> = {},
  now = NOW,
) => planNotices(tokens, new Set(remembered), settings(options), now, utc);

const K7 = expiryKey('c1', 't1', 7);
const K1 = expiryKey('c1', 't1', 1);

describe('planNotices: expiry windows', () => {
  it('a token 8 days from its expiry: nothing yet, a check when it enters the 7-day window', () => {
    const result = plan([watched({ expiresAt: iso(NOW + 8 * DAY) })]);
    expect(result).toEqual({ notices: [], remember: [], forget: [], nextCheckAt: NOW + DAY });
  });

  it('entering the 7-day window: one notice that opens the token, then a check at the 1-day window', () => {
    const result = plan([watched({ expiresAt: '2026-12-08T10:30:00.000Z' })]);
    expect(result.notices).toEqual([
      {
        title: 'Token expires within 7 days',
        body: 'Token "deploy-bot" of "ci_runner" (Production) expires on 8 Dec 2026, 10:30.',
        open: { connectionId: 'c1', accountId: 'a1', tokenId: 't1', tokenName: 'deploy-bot' },
      },
    ]);
    expect(result.remember).toEqual([K7]);
    expect(result.nextCheckAt).toBe(NOW + 6 * DAY);
  });

  it('a window already remembered is not notified again', () => {
    const result = plan([watched({ expiresAt: iso(NOW + 3 * DAY) })], [K7]);
    expect(result).toEqual({ notices: [], remember: [], forget: [], nextCheckAt: NOW + 2 * DAY });
  });

  it('first seen 12 hours before expiry: one notice for 1 day, and the 7-day window remembered with it', () => {
    const result = plan([watched({ expiresAt: iso(NOW + 12 * HOUR) })]);
    expect(result.notices.map((n) => n.title)).toEqual(['Token expires within 1 day']);
    expect(result.remember.sort()).toEqual([K1, K7].sort());
    expect(result.nextCheckAt).toBeNull();
  });

  it('a window added after a smaller one was notified is remembered without a notice', () => {
    const result = plan([watched({ expiresAt: iso(NOW + 12 * HOUR) })], [K1], { thresholdsDays: [1, 7, 30] });
    expect(result.notices).toEqual([]);
    expect(result.remember.sort()).toEqual([expiryKey('c1', 't1', 30), K7].sort());
  });

  it("a personal token is called the user's own", () => {
    const result = plan([watched({ accountId: null, accountName: null, expiresAt: iso(NOW + 2 * DAY) })]);
    expect(result.notices[0]).toMatchObject({
      body: 'Your personal token "deploy-bot" (Production) expires on 3 Dec 2026, 10:30.',
      open: { accountId: null, tokenId: 't1' },
    });
  });

  it('expired, not live or never expiring: no notice, nothing remembered, no check', () => {
    const tokens = [
      watched({ tokenId: 'gone', expiresAt: iso(NOW - HOUR) }),
      watched({ tokenId: 'now', expiresAt: iso(NOW) }),
      watched({ tokenId: 'expired', status: 'EXPIRED', expiresAt: iso(NOW + HOUR) }),
      watched({ tokenId: 'owner-gone', status: 'DEACTIVATED', expiresAt: iso(NOW + HOUR) }),
      watched({ tokenId: 'unlimited', expiresAt: null }),
      watched({ tokenId: 'garbled', expiresAt: 'soon' }),
    ];
    expect(plan(tokens)).toEqual({ notices: [], remember: [], forget: [], nextCheckAt: null });
  });

  it('a suspended token is warned of too: it can be activated again', () => {
    expect(plan([watched({ status: 'SUSPENDED', expiresAt: iso(NOW + DAY) })]).notices).toHaveLength(1);
  });

  it('an expiry pushed back lets its windows go, so they are notified again at the new date', () => {
    const result = plan([watched({ expiresAt: iso(NOW + 30 * DAY) })], [K7, K1]);
    expect(result.forget.sort()).toEqual([K1, K7].sort());
    expect(result.nextCheckAt).toBe(NOW + 23 * DAY);
    const unlimited = plan([watched({ expiresAt: null })], [K7, K1]);
    expect(unlimited.forget.sort()).toEqual([K1, K7].sort());
    expect(unlimited.nextCheckAt).toBeNull();
  });

  it('lets go of the windows of a token that expired over an hour ago, or is no longer live', () => {
    const expired = (at: number) => plan([watched({ expiresAt: iso(at) })], [K7, K1]);
    expect(expired(NOW - HOUR + 1)).toEqual({ notices: [], remember: [], forget: [], nextCheckAt: null });
    expect(expired(NOW - HOUR).forget.sort()).toEqual([K1, K7].sort());
    const deactivated = plan([watched({ status: 'DEACTIVATED', expiresAt: iso(NOW + DAY) })], [K7]);
    expect(deactivated.forget).toEqual([K7]);
    const leaked = plan(
      [watched({ status: 'REVOKED_LEAKED', expiresAt: iso(NOW + DAY) })],
      [K7, leakedKey('c1', 't1')],
    );
    expect(leaked).toEqual({ notices: [], remember: [], forget: [K7], nextCheckAt: null });
  });

  it('an expiry moved by less than the margin keeps its window', () => {
    const result = plan([watched({ expiresAt: iso(NOW + 7 * DAY + REARM_MARGIN_MS) })], [K7]);
    expect(result).toEqual({ notices: [], remember: [], forget: [], nextCheckAt: NOW + 6 * DAY + REARM_MARGIN_MS });
  });

  it('uses whole days above zero only, each once', () => {
    const result = plan([watched({ expiresAt: iso(NOW + 40 * DAY) })], [], { thresholdsDays: [1, 7, 7, 0, -3, 1.5] });
    expect(result.nextCheckAt).toBe(NOW + 33 * DAY);
    expect(plan([watched({ expiresAt: iso(NOW + HOUR) })], [], { thresholdsDays: [] })).toEqual({
      notices: [],
      remember: [],
      forget: [],
      nextCheckAt: null,
    });
  });
});

describe('planNotices: leaks', () => {
  const leaked = watched({ status: 'REVOKED_LEAKED', expiresAt: iso(NOW + DAY), leakedAt: '2026-12-01T09:12:00Z' });

  it('a token revoked as leaked is notified once, and never as expiring', () => {
    const result = plan([leaked]);
    expect(result.notices).toEqual([
      {
        title: 'Token revoked as leaked',
        body: 'Token "deploy-bot" of "ci_runner" (Production) was revoked on 1 Dec 2026, 09:12 because its secret was reported as leaked. Replace it wherever it is used.',
        open: { connectionId: 'c1', accountId: 'a1', tokenId: 't1', tokenName: 'deploy-bot' },
      },
    ]);
    expect(result.remember).toEqual([leakedKey('c1', 't1')]);
    expect(plan([leaked], [leakedKey('c1', 't1')])).toEqual({
      notices: [],
      remember: [],
      forget: [],
      nextCheckAt: null,
    });
  });

  it('without a date the sentence leaves it out', () => {
    expect(plan([{ ...leaked, leakedAt: null }]).notices[0]?.body).toMatch(
      /^Token "deploy-bot" of "ci_runner" \(Production\) was revoked because/,
    );
  });
});

describe('planNotices: batches', () => {
  it('30 tokens entering a window at once make one notice that counts them and opens the Attention screen', () => {
    const result = plan(expiringTogether(30, NOW + 7 * DAY));
    expect(result.notices).toEqual([
      { title: '30 tokens need attention', body: '30 expire within 7 days.', open: null },
    ]);
    expect(result.remember).toHaveLength(30);
  });

  it('counts each kind, the leaks first', () => {
    const tokens = [
      ...expiringTogether(2, NOW + 6 * DAY),
      ...expiringTogether(2, NOW + 12 * HOUR).map((t, i) => ({ ...t, tokenId: `soon${i}` })),
      watched({ tokenId: 'leak', status: 'REVOKED_LEAKED' }),
    ];
    expect(plan(tokens).notices).toEqual([
      {
        title: '5 tokens need attention',
        body: '1 was revoked as leaked, 2 expire within 1 day and 2 within 7 days.',
        open: null,
      },
    ]);
  });

  it('speaks of one and of many', () => {
    const leaks = ['x', 'y', 'z'].map((tokenId) => watched({ tokenId, status: 'REVOKED_LEAKED' }));
    expect(plan(leaks).notices[0]?.body).toBe('3 were revoked as leaked.');
    const mixed = [watched({ tokenId: 'a', expiresAt: iso(NOW + HOUR) }), ...expiringTogether(3, NOW + 5 * DAY)];
    expect(plan(mixed).notices[0]?.body).toBe('1 expires within 1 day and 3 within 7 days.');
  });

  it('batches across connections', () => {
    const tokens = [...expiringTogether(1, NOW + DAY, 'c1'), ...expiringTogether(1, NOW + DAY, 'c2')];
    expect(plan(tokens).notices).toEqual([
      { title: '2 tokens need attention', body: '2 expire within 1 day.', open: null },
    ]);
  });
});

describe('planNotices: settings', () => {
  it('disabled: nothing, nothing remembered, no check', () => {
    const tokens = [watched({ expiresAt: iso(NOW + HOUR) }), watched({ tokenId: 'l', status: 'REVOKED_LEAKED' })];
    expect(plan(tokens, [], { enabled: false })).toEqual({ notices: [], remember: [], forget: [], nextCheckAt: null });
  });

  describe('quiet hours 22:00–07:00', () => {
    const quietHours = { from: '22:00', to: '07:00' };
    const at23 = Date.parse('2026-12-01T23:00:00Z');
    const at07 = Date.parse('2026-12-02T07:00:00Z');

    it('a window entered at 23:00 waits, unremembered, until 07:00', () => {
      const tokens = [watched({ expiresAt: iso(at23 + 7 * DAY) })];
      expect(plan(tokens, [], { quietHours }, at23)).toEqual({
        notices: [],
        remember: [],
        forget: [],
        nextCheckAt: at07,
      });
      expect(plan(tokens, [], { quietHours }, at07).notices).toHaveLength(1);
    });

    it('a check that would fall in them is put off to their end', () => {
      const tokens = [watched({ expiresAt: iso(at23 + 7 * DAY) })];
      expect(plan(tokens, [], { quietHours }, at23 - 2 * HOUR).nextCheckAt).toBe(at07);
    });

    it('with nothing due, the next check is when the next window is entered', () => {
      const tokens = [watched({ expiresAt: iso(at23 + 10 * DAY) })];
      expect(plan(tokens, [], { quietHours }, at23).nextCheckAt).toBe(at23 + 3 * DAY + 8 * HOUR);
    });

    it('the same time at both ends is no quiet hours', () => {
      const tokens = [watched({ expiresAt: iso(at23 + 7 * DAY) })];
      expect(plan(tokens, [], { quietHours: { from: '22:00', to: '22:00' } }, at23).notices).toHaveLength(1);
    });
  });

  it('quiet hours within a day (12:00–13:00) hold a window entered at 12:30 until 13:00 only', () => {
    const quietHours = { from: '12:00', to: '13:00' };
    const at1230 = Date.parse('2026-12-01T12:30:00Z');
    const tokens = [watched({ expiresAt: iso(at1230 + DAY) })];
    expect(plan(tokens, [], { quietHours }, at1230).nextCheckAt).toBe(Date.parse('2026-12-01T13:00:00Z'));
    expect(plan(tokens, [], { quietHours }, at1230 + 30 * 60_000).notices).toHaveLength(1);
    expect(plan(tokens, [], { quietHours }, at1230 + 90 * 60_000).notices).toHaveLength(1);
  });
});
