import type { ActivityService } from './activity.js';
import { gotNoAnswer } from './errors.js';
import type { PersonalTokenService } from './personal-tokens.js';
import type { CachedSnapshot } from './snapshot.js';

/**
 * After each sync, reads again what the screens beside the service-account list need offline: the
 * caller's personal tokens, the first page of the audit trail and of the most relevant request logs.
 * Runs in the background (the sync is already reported done); one run per connection at a time.
 */
export class OfflineCopies {
  readonly #activity: ActivityService;
  readonly #personalTokens: PersonalTokenService;
  readonly #running = new Map<string, Promise<void>>();

  constructor(options: { activity: ActivityService; personalTokens: PersonalTokenService }) {
    this.#activity = options.activity;
    this.#personalTokens = options.personalTokens;
  }

  refresh(connectionId: string, snapshot: CachedSnapshot): void {
    if (this.#running.has(connectionId)) return;
    const run = this.#refresh(connectionId, snapshot).finally(() => this.#running.delete(connectionId));
    this.#running.set(connectionId, run);
  }

  /** Resolves when every refresh in flight is done (tests, quit). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#running.values()]);
  }

  async #refresh(connectionId: string, snapshot: CachedSnapshot): Promise<void> {
    // Personal tokens belong to people; a service account's token cannot list any.
    if (snapshot.me.type === 'HUMAN') {
      try {
        const list = await this.#personalTokens.list(connectionId);
        if (list.fromCache) return;
      } catch (error) {
        if (gotNoAnswer(error)) return;
      }
    }
    await this.#activity.refreshAfterSync(connectionId, snapshot);
  }
}
