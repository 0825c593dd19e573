/** Why the app locked itself, besides the user asking. */
export type LockTrigger = 'lock-screen' | 'suspend';

/**
 * What the OS says about the person at the desk: Electron's `powerMonitor` in the app
 * (electron/electron-power.ts), a stand-in the tests drive.
 */
export interface PowerEvents {
  /** Calls back when the screen locks or the machine suspends; returns the unsubscribe. */
  onLockTrigger(listener: (trigger: LockTrigger) => void): () => void;
  /** Seconds since the last keyboard or mouse input anywhere on the system. */
  idleSeconds(): number;
  /**
   * Calls back when the machine wakes from sleep; returns the unsubscribe. A timer set before does not
   * count the time asleep, so what waits on the clock looks again then.
   */
  onResume(listener: () => void): () => void;
}

/** A stand-in the tests and the browser harness set by hand. */
export class ManualPowerEvents implements PowerEvents {
  idle = 0;
  readonly #listeners = new Set<(trigger: LockTrigger) => void>();
  readonly #resumed = new Set<() => void>();

  onLockTrigger(listener: (trigger: LockTrigger) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  idleSeconds(): number {
    return this.idle;
  }

  fire(trigger: LockTrigger): void {
    for (const listener of this.#listeners) listener(trigger);
  }

  onResume(listener: () => void): () => void {
    this.#resumed.add(listener);
    return () => this.#resumed.delete(listener);
  }

  resume(): void {
    for (const listener of this.#resumed) listener();
  }
}
