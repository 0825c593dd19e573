import type { Timers } from '../timers.js';
import type { PowerEvents } from './power-events.js';

/**
 * Locks the app after the idle time in its lock settings. It holds one timer, set for the moment the
 * limit would be reached if nobody touched the machine; when it fires it asks the OS how long the
 * machine has really been idle and either locks or sets the timer again for the rest.
 */
export class IdleLock {
  readonly #power: PowerEvents;
  readonly #timers: Timers;
  readonly #limitMinutes: () => number | null;
  readonly #onIdle: () => void;
  #timer: unknown = null;

  constructor(options: {
    power: PowerEvents;
    timers: Timers;
    /** The idle time now; null: never lock for idleness (lock off, locked, or set to never). */
    limitMinutes: () => number | null;
    onIdle: () => void;
  }) {
    this.#power = options.power;
    this.#timers = options.timers;
    this.#limitMinutes = options.limitMinutes;
    this.#onIdle = options.onIdle;
  }

  /** After an unlock or a changed setting: the timer follows the setting now. */
  reschedule(): void {
    this.stop();
    const limit = this.#limitMinutes();
    if (limit === null) return;
    const left = limit * 60 - this.#power.idleSeconds();
    if (left <= 0) {
      this.#onIdle();
      return;
    }
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      this.reschedule();
    }, left * 1000);
  }

  stop(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
