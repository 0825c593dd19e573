import { describe, expect, it } from 'vitest';
import { manualTimers } from '../test-support/manual-timers.js';
import { fixedOffsetLocalTime } from './local-time.js';
import { expiryKey, leakedKey } from './notice-keys.js';
import { MemoryNoticeMemory, type NoticeMemory } from './notice-memory.js';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from './notice-plan.js';
import { MAX_WAIT_MS, NoticeScheduler } from './notice-scheduler.js';
import type { TokenNotice } from './notice-types.js';
import { DAY, expiringTogether, HOUR, iso, watched } from './test-tokens.js';

const START = Date.parse('2026-01-01T12:00:00Z');

/** A scheduler on manual timers, UTC as local time, recording what it shows and logs. */
function rig(options: { memory?: MemoryNoticeMemory; settings?: Partial<NotificationSettings>; start?: number } = {}) {
  const timers = manualTimers(options.start ?? START);
  const sent: TokenNotice[] = [];
  const logs: string[] = [];
  const memory = options.memory ?? new MemoryNoticeMemory();
  const settings: NotificationSettings = { ...DEFAULT_NOTIFICATION_SETTINGS, ...options.settings };
  const scheduler = new NoticeScheduler({
    timers,
    notify: (notice) => sent.push(notice),
    memory,
    settings: () => settings,
    local: fixedOffsetLocalTime(0),
    log: (message) => logs.push(message),
  });
  /** Moves the clock on and waits for the plan its timer started. */
  const advance = async (ms: number) => {
    await timers.advance(ms);
    await scheduler.settled();
  };
  const titles = () => sent.map((notice) => notice.title);
  return { timers, sent, logs, memory, settings, scheduler, advance, titles };
}

describe('NoticeScheduler', () => {
  it('notifies at the 7-day moment, then at the 1-day moment, then holds no timer', async () => {
    const r = rig();
    await r.scheduler.update('c1', [watched({ expiresAt: iso(START + 8 * DAY) })]);
    expect(r.sent).toEqual([]);
    expect(r.timers.pending()).toBe(1);
    expect(r.timers.nextDueIn()).toBe(DAY);
    expect(r.scheduler.timerDueAt).toBe(START + DAY);

    await r.advance(DAY - 1);
    expect(r.sent).toEqual([]);
    await r.advance(1);
    expect(r.titles()).toEqual(['Token expires within 7 days']);
    expect(r.scheduler.nextCheckAt).toBe(START + 7 * DAY);
    // Over a day away: one timer a day until then, never two.
    for (let day = 0; day < 5; day++) {
      expect(r.timers.pending()).toBe(1);
      expect(r.timers.nextDueIn()).toBe(DAY);
      await r.advance(DAY);
    }
    expect(r.titles()).toEqual(['Token expires within 7 days']);
    await r.advance(DAY);
    expect(r.titles()).toEqual(['Token expires within 7 days', 'Token expires within 1 day']);
    expect(r.scheduler.timerDueAt).toBeNull();
    expect(r.timers.pending()).toBe(0);
  });

  it('notifies once per window: the same tokens again show and save nothing, across a restart too', async () => {
    const memory = new MemoryNoticeMemory();
    const r = rig({ memory });
    const tokens = [watched({ expiresAt: iso(START + 3 * DAY) })];
    await r.scheduler.update('c1', tokens);
    expect(r.sent).toHaveLength(1);
    expect(memory.saves).toBe(1);
    expect(memory.keys).toEqual(new Set([expiryKey('c1', 't1', 7)]));

    await r.scheduler.update('c1', tokens);
    await r.advance(HOUR);
    expect(r.sent).toHaveLength(1);
    expect(memory.saves).toBe(1);

    const restarted = rig({ memory, start: START + HOUR });
    await restarted.scheduler.update('c1', tokens);
    expect(restarted.sent).toEqual([]);
    expect(memory.saves).toBe(1);
  });

  it('first seen within 1 day: one notice for 1 day, no 7-day notice later', async () => {
    const r = rig();
    const tokens = [watched({ expiresAt: iso(START + 12 * HOUR) })];
    await r.scheduler.update('c1', tokens);
    expect(r.titles()).toEqual(['Token expires within 1 day']);
    expect(r.timers.pending()).toBe(0);
    await r.advance(HOUR);
    await r.scheduler.update('c1', tokens);
    expect(r.sent).toHaveLength(1);
  });

  it('30 tokens crossing at once make exactly one notice that counts them', async () => {
    const r = rig();
    await r.scheduler.update('c1', expiringTogether(30, START + 8 * DAY));
    await r.advance(DAY);
    expect(r.sent).toEqual([{ title: '30 tokens need attention', body: '30 expire within 7 days.', open: null }]);
  });

  it('connections given together at start make one notice', async () => {
    const r = rig();
    const first = r.scheduler.update('c1', expiringTogether(2, START + DAY, 'c1'));
    const second = r.scheduler.update('c2', expiringTogether(1, START + DAY, 'c2'));
    await Promise.all([first, second]);
    expect(r.sent).toEqual([{ title: '3 tokens need attention', body: '3 expire within 1 day.', open: null }]);
  });

  it('a token becoming REVOKED_LEAKED is notified once', async () => {
    const r = rig();
    await r.scheduler.update('c1', [watched()]);
    expect(r.sent).toEqual([]);
    const leaked = [watched({ status: 'REVOKED_LEAKED', leakedAt: iso(START) })];
    await r.scheduler.update('c1', leaked);
    await r.scheduler.update('c1', leaked);
    expect(r.titles()).toEqual(['Token revoked as leaked']);
    expect(r.memory.saves).toBe(1);
  });

  it('an expiry pushed back is notified again when the token reaches the new window', async () => {
    const r = rig();
    await r.scheduler.update('c1', [watched({ expiresAt: iso(START + 2 * DAY) })]);
    await r.scheduler.update('c1', [watched({ expiresAt: iso(START + 30 * DAY) })]);
    expect(r.scheduler.timerDueAt).toBe(START + MAX_WAIT_MS);
    for (let day = 0; day < 23; day++) await r.advance(DAY);
    expect(r.titles()).toEqual(['Token expires within 7 days', 'Token expires within 7 days']);
  });

  describe('quiet hours 22:00–07:00', () => {
    const quietHours = { from: '22:00', to: '07:00' };

    it('a crossing at 23:00 shows nothing until 07:00, then one notice', async () => {
      const r = rig({ settings: { quietHours } });
      const at23 = Date.parse('2026-01-01T23:00:00Z');
      await r.scheduler.update('c1', expiringTogether(3, at23 + 7 * DAY));
      // Nothing can show before 07:00, so the one timer waits until then.
      expect(r.scheduler.timerDueAt).toBe(Date.parse('2026-01-02T07:00:00Z'));
      await r.advance(at23 - START + HOUR);
      // A sync during the night changes nothing.
      await r.scheduler.update('c1', expiringTogether(3, at23 + 7 * DAY));
      expect(r.sent).toEqual([]);
      expect(r.scheduler.timerDueAt).toBe(Date.parse('2026-01-02T07:00:00Z'));
      await r.advance(7 * HOUR);
      expect(r.sent).toEqual([{ title: '3 tokens need attention', body: '3 expire within 7 days.', open: null }]);
    });

    it('a crossing outside them shows at once', async () => {
      const r = rig({ settings: { quietHours } });
      await r.scheduler.update('c1', [watched({ expiresAt: iso(START + 7 * DAY + HOUR) })]);
      await r.advance(HOUR);
      expect(r.titles()).toEqual(['Token expires within 7 days']);
    });
  });

  it('disabled: nothing shown, no timer; enabled again, a refresh shows what is due', async () => {
    const r = rig({ settings: { enabled: false } });
    await r.scheduler.update('c1', [
      watched({ expiresAt: iso(START + DAY) }),
      watched({ tokenId: 'x', status: 'REVOKED_LEAKED' }),
    ]);
    expect(r.sent).toEqual([]);
    expect(r.scheduler.timerDueAt).toBeNull();
    expect(r.timers.pending()).toBe(0);
    r.settings.enabled = true;
    await r.scheduler.refresh();
    expect(r.titles()).toEqual(['2 tokens need attention']);
  });

  it('nothing due: no timer held and nothing written', async () => {
    const r = rig();
    await r.scheduler.update('c1', [
      watched({ tokenId: 'unlimited' }),
      watched({ tokenId: 'expired', expiresAt: iso(START - DAY) }),
      watched({ tokenId: 'off', status: 'DEACTIVATED', expiresAt: iso(START + DAY) }),
    ]);
    expect(r.scheduler.timerDueAt).toBeNull();
    expect(r.timers.pending()).toBe(0);
    expect(r.sent).toEqual([]);
    expect(r.memory.saves).toBe(0);
  });

  it('a token a year away holds one timer of at most a day, planned again when it fires', async () => {
    const r = rig();
    await r.scheduler.update('c1', [watched({ expiresAt: iso(START + 365 * DAY) })]);
    expect(r.timers.nextDueIn()).toBe(MAX_WAIT_MS);
    await r.advance(MAX_WAIT_MS);
    expect(r.timers.pending()).toBe(1);
    expect(r.timers.nextDueIn()).toBe(MAX_WAIT_MS);
    expect(r.sent).toEqual([]);
  });

  it('prunes the keys of an updated connection only; remove drops a connection', async () => {
    const memory = new MemoryNoticeMemory();
    memory.keys = new Set([
      leakedKey('c1', 'kept'),
      leakedKey('c1', 'deleted'),
      expiryKey('c1', 'deleted', 7),
      expiryKey('c1', 'kept', 30),
      leakedKey('c2', 'other'),
      'not a key',
    ]);
    const r = rig({ memory });
    await r.scheduler.update('c1', [watched({ tokenId: 'kept', status: 'REVOKED_LEAKED' })]);
    expect(memory.keys).toEqual(new Set([leakedKey('c1', 'kept'), leakedKey('c2', 'other')]));
    expect(r.sent).toEqual([]);

    await r.scheduler.removeConnection('c2');
    expect(memory.keys).toEqual(new Set([leakedKey('c1', 'kept')]));
  });

  it('a failing notify or save is logged, does not throw, and the save is tried again', async () => {
    const memory = new MemoryNoticeMemory();
    let failSave = true;
    const flaky: NoticeMemory = {
      load: () => memory.load(),
      save: (keys) => (failSave ? Promise.reject(new Error('disk full')) : memory.save(keys)),
    };
    const timers = manualTimers(START);
    const logs: string[] = [];
    const scheduler = new NoticeScheduler({
      timers,
      notify: () => {
        throw new TypeError('no notification server');
      },
      memory: flaky,
      settings: () => DEFAULT_NOTIFICATION_SETTINGS,
      log: (message) => logs.push(message),
    });
    const tokens = [watched({ expiresAt: iso(START + DAY) })];
    await expect(scheduler.update('c1', tokens)).resolves.toBeUndefined();
    expect(logs).toEqual([
      'TokenDesk: could not show a token notification: TypeError',
      'TokenDesk: could not save the token notifications shown: Error',
    ]);
    failSave = false;
    await scheduler.update('c1', tokens);
    expect(memory.keys).toEqual(new Set([expiryKey('c1', 't1', 1), expiryKey('c1', 't1', 7)]));
    expect(logs).toHaveLength(2);
  });

  it('a memory that cannot be read starts empty', async () => {
    class Unreadable extends MemoryNoticeMemory {
      override load(): Promise<Set<string>> {
        return Promise.reject(new Error('corrupt'));
      }
    }
    const r = rig({ memory: new Unreadable() });
    await r.scheduler.update('c1', [watched({ expiresAt: iso(START + DAY) })]);
    expect(r.logs).toEqual(['TokenDesk: could not read the token notifications already shown: Error']);
    expect(r.sent).toHaveLength(1);
    expect(r.memory.saves).toBe(1);
  });

  it('stop clears the timer and plans nothing more', async () => {
    const r = rig();
    await r.scheduler.update('c1', [watched({ expiresAt: iso(START + 8 * DAY) })]);
    r.scheduler.stop();
    expect(r.timers.pending()).toBe(0);
    await r.scheduler.update('c1', [watched({ expiresAt: iso(START + DAY) })]);
    expect(r.sent).toEqual([]);
    expect(r.scheduler.timerDueAt).toBeNull();
  });
});
