import type { Timers } from '../timers.js';

export type ManualTimers = Timers & {
  /** Moves the clock on, runs every timer now due (in order), then lets their promises run. */
  advance(ms: number): Promise<void>;
  /** Moves the clock on and runs no timer: a machine asleep, whose timers do not count the time. */
  sleep(ms: number): void;
  /** How many timers are waiting. */
  pending(): number;
  /** When the next timer is due (ms from now), or null. */
  nextDueIn(): number | null;
};

/** A clock and timers the test moves by hand. */
export function manualTimers(start = Date.parse('2026-01-01T00:00:00.000Z')): ManualTimers {
  let now = start;
  let nextId = 1;
  const due = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      due.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      due.delete(handle as number);
    },
    async advance(ms) {
      now += ms;
      const ready = [...due].filter(([, timer]) => timer.at <= now).sort((a, b) => a[1].at - b[1].at);
      for (const [id, timer] of ready) {
        // A callback before it may have cleared this one.
        if (!due.delete(id)) continue;
        timer.callback();
      }
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
    sleep(ms) {
      now += ms;
    },
    pending: () => due.size,
    nextDueIn() {
      const ats = [...due.values()].map((timer) => timer.at - now);
      return ats.length === 0 ? null : Math.min(...ats);
    },
  };
}
