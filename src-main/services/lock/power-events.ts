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
}

/** A stand-in the tests and the browser harness set by hand. */
export class ManualPowerEvents implements PowerEvents {
  idle = 0;
  readonly #listeners = new Set<(trigger: LockTrigger) => void>();

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
}
