import type { ConnectionLink, Settings } from '../../src-shared/ipc/models.js';
import type { ApiClient } from './api-client.js';
import type { ConnectionService } from './connections.js';
import type { LinkStates } from './link-states.js';
import type { SyncService } from './sync.js';
import { realTimers, type Timers } from './timers.js';

export interface MonitorTiming {
  /** How often the server is checked while it answers. */
  checkEveryMs: number;
  /** The first wait before checking again once it stopped answering; doubled after each failed check. */
  retryFirstMs: number;
  /** The longest wait between checks while it does not answer. */
  retryMaxMs: number;
}

export const DEFAULT_MONITOR_TIMING: MonitorTiming = { checkEveryMs: 30_000, retryFirstMs: 5_000, retryMaxMs: 300_000 };

export interface ConnectionMonitorOptions {
  api: ApiClient;
  connections: ConnectionService;
  sync: SyncService;
  links: LinkStates;
  /** Read each time the schedule is set, so a changed setting applies at once (see `scheduleChanged`). */
  syncEveryMinutes: () => Settings['syncEveryMinutes'];
  timing?: Partial<MonitorTiming>;
  timers?: Timers;
  /** Aborted on dispose: a check in flight stops. */
  signal?: AbortSignal;
}

/** The wait before check number `failures` + 1 of a server that does not answer: exponential, capped. */
export function retryDelay(failures: number, timing: MonitorTiming): number {
  return Math.min(timing.retryMaxMs, timing.retryFirstMs * 2 ** Math.min(failures, 30));
}

/**
 * Keeps the connection the window shows live. While its server answers, a cheap authenticated
 * request (`GET /me`) checks it every `checkEveryMs`, and an incremental sync runs on the schedule
 * from Settings. Once it stops answering (seen by a check, a sync or any user action, all of which
 * report to LinkStates), it is checked again after 5 s, 10 s, 20 s … up to 5 minutes; the first
 * answer brings it back online and syncs it. A token the server refuses is checked the same way (it
 * may be activated again on the server). Only one connection is watched at a time: switching, or
 * quitting, stops every timer of the one before.
 */
export class ConnectionMonitor {
  readonly #o: ConnectionMonitorOptions;
  readonly #timing: MonitorTiming;
  readonly #timers: Timers;
  #watched: string | null = null;
  #checkTimer: unknown = null;
  #syncTimer: unknown = null;
  /** Failed checks since the server stopped answering. */
  #failures = 0;
  readonly #checks = new Set<Promise<void>>();
  #disposed = false;

  constructor(options: ConnectionMonitorOptions) {
    this.#o = options;
    this.#timing = { ...DEFAULT_MONITOR_TIMING, ...options.timing };
    this.#timers = options.timers ?? realTimers;
    options.links.onChange((connectionId, previous) => this.#linkChanged(connectionId, previous));
  }

  get watched(): string | null {
    return this.#watched;
  }

  /** Shows `connectionId` (null: none): it is synced now and kept live; the one before is let go. */
  watch(connectionId: string | null): void {
    this.#stop();
    if (this.#disposed) return;
    this.#watched = connectionId;
    if (connectionId === null) return;
    this.#failures = 0;
    this.#o.sync.start(connectionId);
    this.#armCheck(this.#online() ? this.#timing.checkEveryMs : this.#timing.retryFirstMs);
    this.#armSync();
  }

  /** The connection was removed or now points elsewhere: stop watching it if it is the one. */
  forget(connectionId: string): void {
    if (this.#watched === connectionId) this.watch(null);
  }

  /** The sync schedule setting changed: the next sync is one new interval from now. */
  scheduleChanged(): void {
    if (this.#watched !== null) this.#armSync();
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#stop();
    await Promise.allSettled([...this.#checks]);
  }

  #stop(): void {
    this.#clearCheck();
    if (this.#syncTimer !== null) this.#timers.clearTimeout(this.#syncTimer);
    this.#syncTimer = null;
    if (this.#watched !== null && this.#o.connections.has(this.#watched)) {
      this.#o.links.setNextCheck(this.#watched, null);
    }
    this.#watched = null;
  }

  #online(): boolean {
    return this.#watched !== null && this.#o.links.get(this.#watched).state === 'online';
  }

  #linkChanged(connectionId: string, previous: ConnectionLink): void {
    if (connectionId !== this.#watched) return;
    const now = this.#o.links.get(connectionId).state;
    const was = previous.state;
    if (now === 'online' && was !== 'online') {
      // Back: bring the data up to date at once, then check at the normal pace.
      this.#failures = 0;
      this.#o.sync.start(connectionId);
      this.#armCheck(this.#timing.checkEveryMs);
    } else if (now !== 'online' && was === 'online') {
      this.#failures = 0;
      this.#armCheck(this.#timing.retryFirstMs);
    }
  }

  #clearCheck(): void {
    if (this.#checkTimer !== null) this.#timers.clearTimeout(this.#checkTimer);
    this.#checkTimer = null;
  }

  #armCheck(ms: number): void {
    const connectionId = this.#watched;
    if (connectionId === null) return;
    this.#clearCheck();
    this.#checkTimer = this.#timers.setTimeout(() => {
      this.#checkTimer = null;
      this.#check(connectionId);
    }, ms);
    // Shown only while not online: an event every 30 s for a healthy server would say nothing.
    this.#o.links.setNextCheck(connectionId, this.#online() ? null : this.#timers.now() + ms);
  }

  #check(connectionId: string): void {
    const check = this.#probe(connectionId).finally(() => {
      this.#checks.delete(check);
      // Re-armed already when the check changed the state (see #linkChanged).
      if (this.#disposed || this.#watched !== connectionId || this.#checkTimer !== null) return;
      if (this.#online()) this.#armCheck(this.#timing.checkEveryMs);
      else this.#armCheck(retryDelay(++this.#failures, this.#timing));
    });
    this.#checks.add(check);
  }

  /** One `GET /me`; its outcome reaches LinkStates through the API client's outcome hook. */
  async #probe(connectionId: string): Promise<void> {
    let target;
    try {
      target = this.#o.connections.targetOf(connectionId);
    } catch (error) {
      this.#o.links.note(connectionId, error);
      return;
    }
    try {
      await this.#o.api.call(target, 'getMe', { signal: this.#o.signal });
    } catch {
      // Reported to LinkStates by the API client.
    }
  }

  #armSync(): void {
    if (this.#syncTimer !== null) this.#timers.clearTimeout(this.#syncTimer);
    this.#syncTimer = null;
    const connectionId = this.#watched;
    const every = this.#o.syncEveryMinutes();
    if (connectionId === null || every === 'off') return;
    this.#syncTimer = this.#timers.setTimeout(() => {
      this.#syncTimer = null;
      // Offline, the checks bring it back and sync then; a sync now would only fail again.
      if (this.#watched === connectionId && this.#online()) this.#o.sync.start(connectionId);
      this.#armSync();
    }, every * 60_000);
  }
}
