import { randomUUID } from 'node:crypto';
import { AppFailure } from './errors.js';
import { realTimers, type Timers } from './timers.js';

/** What a password manager entry says about the secret: names and dates, nothing secret. */
export interface RevealAbout {
  connectionId: string;
  /** Null for a person's own (personal) token. */
  accountId: string | null;
  /** The service account's name, or the person's for a personal token. */
  owner: string;
  tokenName: string;
  roles: string[];
  expiresAt: string | null;
  createdAt: string;
}

/** A reveal nobody closed (the window crashed) is dropped after this long all the same. */
export const REVEAL_MAX_MS = 15 * 60_000;

interface Open {
  secret: Buffer;
  about: RevealAbout;
  timer: unknown;
}

/**
 * The secrets of the reveal dialogs open now, under opaque ids, so "Save to…" can hand a secret to a
 * password manager by id: the renderer never sends it back. A secret is kept only until its dialog
 * closes, then its buffer is zero-filled; never on disk, and never past a lock.
 */
export class RevealRegistry {
  readonly #open = new Map<string, Open>();
  readonly #timers: Timers;

  constructor(options: { timers?: Timers } = {}) {
    this.#timers = options.timers ?? realTimers;
  }

  open(secret: string, about: RevealAbout): string {
    const id = randomUUID();
    const timer = this.#timers.setTimeout(() => this.close(id), REVEAL_MAX_MS);
    this.#open.set(id, { secret: Buffer.from(secret, 'utf8'), about, timer });
    return id;
  }

  /** The open reveal's secret and what it is; the buffer stays the registry's (zero-filled on close). */
  get(id: string): { secret: Buffer; about: RevealAbout } {
    const open = this.#open.get(id);
    if (!open) {
      throw new AppFailure(
        'reveal_closed',
        'This secret is no longer held: its window was closed, or TokenDesk locked. A secret is shown only once; rotate the token to get a new one.',
      );
    }
    return { secret: open.secret, about: open.about };
  }

  close(id: string): void {
    const open = this.#open.get(id);
    if (!open) return;
    this.#timers.clearTimeout(open.timer);
    open.secret.fill(0);
    this.#open.delete(id);
  }

  closeAll(): void {
    for (const id of [...this.#open.keys()]) this.close(id);
  }

  get size(): number {
    return this.#open.size;
  }
}
