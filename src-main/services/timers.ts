/**
 * A clock and timers, injected into the services that wait (the clipboard's clear, the connection
 * monitor's checks and schedule) so that tests move time by hand instead of sleeping.
 */
export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending timer must not keep a Node process (tests, the harness) alive; quit stops them anyway.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
