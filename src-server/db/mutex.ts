/**
 * A first-come first-served async lock. `acquire` resolves with a release function once every earlier
 * holder has released; with `waitMs` it resolves undefined instead if the lock is not free by then.
 */
export class Mutex {
  private held = false;
  private readonly waiters: Array<(release: () => void) => void> = [];

  get locked(): boolean {
    return this.held;
  }

  acquire(): Promise<() => void>;
  acquire(waitMs: number): Promise<(() => void) | undefined>;
  acquire(waitMs?: number): Promise<(() => void) | undefined> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      const waiter = (release: () => void): void => {
        if (timer) clearTimeout(timer);
        resolve(release);
      };
      const timer =
        waitMs === undefined
          ? undefined
          : setTimeout(() => {
              const index = this.waiters.indexOf(waiter);
              if (index >= 0) this.waiters.splice(index, 1);
              resolve(undefined);
            }, waitMs);
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // Handed straight to the next waiter, so nobody can slip in between.
      if (next) next(this.releaser());
      else this.held = false;
    };
  }
}
