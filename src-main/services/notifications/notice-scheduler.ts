import type { Timers } from '../timers.js';
import type { LocalTime } from './local-time.js';
import { parseNoticeKey } from './notice-keys.js';
import type { NoticeMemory } from './notice-memory.js';
import { planNotices, thresholdsOf, type NotificationSettings } from './notice-plan.js';
import type { TokenNotice, WatchedToken } from './notice-types.js';

export interface NoticeSchedulerOptions {
  timers: Timers;
  notify: (notice: TokenNotice) => void;
  memory: NoticeMemory;
  /** Read at each plan, so a changed setting applies from the next `refresh`. */
  settings: () => NotificationSettings;
  /** The OS's time zone and locale when left out. */
  local?: LocalTime;
  log?: (message: string) => void;
}

/**
 * Node's timers overflow past 2^31 − 1 ms (24.8 days): a longer wait is cut to a day, and planned again
 * when it ends.
 */
export const MAX_WAIT_MS = 86_400_000;

/**
 * Shows the token notices of notice-plan.ts as time passes, from the cached tokens alone (so offline
 * too), and remembers what it showed. It holds one timer, for the next moment something becomes due,
 * and none when nothing will.
 *
 * Plans run one after another. Calls made before a plan starts, or while the memory is first read, are
 * planned together, so connections given one after another at start make one notice, not one each.
 */
export class NoticeScheduler {
  readonly #o: NoticeSchedulerOptions;
  readonly #log: (message: string) => void;
  /** The last tokens given, per connection. */
  readonly #tokens = new Map<string, readonly WatchedToken[]>();
  /** Connections whose keys are to be pruned at the next plan: updated, or removed. */
  readonly #touched = new Set<string>();
  /** Null until loaded, at the first plan. */
  #remembered: Set<string> | null = null;
  /** The remembered keys changed since the last successful save. */
  #unsaved = false;
  #timer: unknown = null;
  #timerDueAt: number | null = null;
  #nextCheckAt: number | null = null;
  #chain: Promise<void> = Promise.resolve();
  #queued = false;
  #stopped = false;

  constructor(options: NoticeSchedulerOptions) {
    this.#o = options;
    this.#log = options.log ?? ((message) => console.error(message));
  }

  /**
   * The cached tokens of one connection changed (a sync, an edit, the cache read at start). Keys of its
   * tokens that are gone are dropped; other connections' keys are left alone, loaded or not.
   * Never rejects.
   */
  update(connectionId: string, tokens: readonly WatchedToken[]): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#tokens.set(connectionId, tokens);
    this.#touched.add(connectionId);
    return this.#enqueue();
  }

  /** The connection was deleted: its tokens and its keys go. Never rejects. */
  removeConnection(connectionId: string): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#tokens.delete(connectionId);
    this.#touched.add(connectionId);
    return this.#enqueue();
  }

  /**
   * Plans again with the tokens already given: after a change of settings, and when the computer wakes
   * from sleep (a timer may not count the time asleep, so it would fire late). Never rejects.
   */
  refresh(): Promise<void> {
    return this.#stopped ? Promise.resolve() : this.#enqueue();
  }

  /** The next moment something becomes due, as last planned; null when nothing will. */
  get nextCheckAt(): number | null {
    return this.#nextCheckAt;
  }

  /** When the timer held fires (at `nextCheckAt`, or sooner when that is over a day away), or null when none is held. */
  get timerDueAt(): number | null {
    return this.#timerDueAt;
  }

  /** Resolves once every plan asked for so far has run. */
  settled(): Promise<void> {
    return this.#chain;
  }

  /** At quit: the timer goes and nothing more is planned. */
  stop(): void {
    this.#stopped = true;
    this.#disarm();
  }

  #enqueue(): Promise<void> {
    if (!this.#queued) {
      this.#queued = true;
      this.#chain = this.#chain.then(() => {
        this.#queued = false;
        return this.#run();
      });
    }
    return this.#chain;
  }

  async #run(): Promise<void> {
    try {
      const remembered = this.#remembered ?? (this.#remembered = await this.#load());
      if (this.#stopped) return;
      const settings = this.#o.settings();
      this.#prune(remembered, settings);
      const now = this.#o.timers.now();
      const plan = planNotices([...this.#tokens.values()].flat(), remembered, settings, now, this.#o.local);
      for (const key of plan.forget) this.#unsaved = remembered.delete(key) || this.#unsaved;
      for (const key of plan.remember) remembered.add(key);
      if (plan.remember.length > 0) this.#unsaved = true;
      this.#arm(plan.nextCheckAt, now);
      // Shown before it is saved: if the app dies in between, a notice may be shown a second time
      // after the restart, which is better than a leak or an expiry never shown at all. Within a run
      // the keys in memory already keep it from coming back.
      for (const notice of plan.notices) this.#notify(notice);
      if (this.#unsaved) await this.#save(remembered);
    } catch (error) {
      this.#log(`TokenDesk: could not plan token notifications: ${nameOf(error)}`);
    }
  }

  async #load(): Promise<Set<string>> {
    try {
      return new Set(await this.#o.memory.load());
    } catch (error) {
      // Start empty: a notice shown twice is better than none, and the first save writes a new memory.
      this.#log(`TokenDesk: could not read the token notifications already shown: ${nameOf(error)}`);
      return new Set();
    }
  }

  async #save(remembered: Set<string>): Promise<void> {
    try {
      await this.#o.memory.save(new Set(remembered));
      this.#unsaved = false;
    } catch (error) {
      // Still unsaved: the next plan tries again.
      this.#log(`TokenDesk: could not save the token notifications shown: ${nameOf(error)}`);
    }
  }

  #notify(notice: TokenNotice): void {
    try {
      this.#o.notify(notice);
    } catch (error) {
      // Not retried: a notifier that fails would fail at every plan.
      this.#log(`TokenDesk: could not show a token notification: ${nameOf(error)}`);
    }
  }

  /**
   * Bounds the memory: the keys of an updated connection's tokens that are gone, of a removed
   * connection, and of windows no longer in the settings (their tokens are in a smaller window, or will
   * be notified at it) are dropped. Keys of connections not touched stay, loaded or not.
   */
  #prune(remembered: Set<string>, settings: NotificationSettings): void {
    if (this.#touched.size === 0) return;
    const present = new Map<string, Set<string>>();
    for (const connectionId of this.#touched) {
      present.set(connectionId, new Set((this.#tokens.get(connectionId) ?? []).map((token) => token.tokenId)));
    }
    this.#touched.clear();
    const windows = new Set(thresholdsOf(settings));
    for (const key of remembered) {
      const parts = parseNoticeKey(key);
      const tokenIds = parts === null ? undefined : present.get(parts.connectionId);
      // A key of a connection not touched stays; one in no known shape goes.
      if (parts !== null && tokenIds === undefined) continue;
      const keep =
        parts !== null && tokenIds?.has(parts.tokenId) === true && (parts.kind === 'leaked' || windows.has(parts.days));
      if (!keep) {
        remembered.delete(key);
        this.#unsaved = true;
      }
    }
  }

  #arm(nextCheckAt: number | null, now: number): void {
    this.#disarm();
    if (nextCheckAt === null || this.#stopped) return;
    this.#nextCheckAt = nextCheckAt;
    const wait = Math.min(Math.max(0, nextCheckAt - now), MAX_WAIT_MS);
    this.#timerDueAt = now + wait;
    this.#timer = this.#o.timers.setTimeout(() => {
      this.#timer = null;
      this.#timerDueAt = null;
      void this.#enqueue();
    }, wait);
  }

  #disarm(): void {
    if (this.#timer !== null) this.#o.timers.clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerDueAt = null;
    this.#nextCheckAt = null;
  }
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}
