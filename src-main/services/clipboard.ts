import { createHash, timingSafeEqual } from 'node:crypto';
import { realTimers, type Timers } from './timers.js';

/**
 * The system clipboard as the core sees it. In Electron it is `electron-clipboard.ts`; in Node tests
 * and the browser harness it is `MemoryClipboard`.
 */
export interface Clipboard {
  readText(): Promise<string>;
  /** `concealed` asks clipboard managers and history (where the platform has a way) not to keep it. */
  writeText(text: string, options: { concealed: boolean }): Promise<void>;
  clear(): Promise<void>;
}

/** Timers the service uses; injected so tests run without real waiting. */
export type ClipboardTimers = Timers;

export interface ClipboardServiceOptions {
  clipboard: Clipboard;
  /** Read at each copy, so a changed setting applies to the next copy. */
  clearAfterSeconds: () => number;
  timers?: ClipboardTimers;
  /** Reports a failed clear (never the text). */
  log?: (message: string) => void;
}

/** What the service holds between a copy and its clear: a digest and a time, never the text. */
export interface PendingClear {
  digestHex: string;
  clearsAt: number;
}

function digestOf(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Copies secrets to the clipboard and takes them away again: after the configured delay, and on
 * quit, the clipboard is cleared only if it still holds what was copied (the user may have copied
 * something else since, which is theirs). To tell, it keeps only a SHA-256 digest of the copied
 * text: the secret itself is not kept in main after `copy` returns.
 */
export class ClipboardService {
  readonly #clipboard: Clipboard;
  readonly #clearAfterSeconds: () => number;
  readonly #timers: ClipboardTimers;
  readonly #log: (message: string) => void;
  #pending: { digest: Buffer; clearsAt: number; timer: unknown } | null = null;
  /** Copies and the clear on quit run one at a time, so the armed digest is always the last write's. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: ClipboardServiceOptions) {
    this.#clipboard = options.clipboard;
    this.#clearAfterSeconds = options.clearAfterSeconds;
    this.#timers = options.timers ?? realTimers;
    this.#log = options.log ?? ((message) => console.error(message));
  }

  /** Writes the text (concealed) and arms the clear. Returns when it will be cleared. */
  copy(text: string): Promise<{ clearsAt: string }> {
    return this.#serial(async () => {
      // A newer copy replaces the older one on the clipboard: only the newest needs clearing.
      this.#disarm();
      await this.#clipboard.writeText(text, { concealed: true });
      const clearsAt = this.#timers.now() + this.#clearAfterSeconds() * 1000;
      // Armed from the digest alone, in its own method, so the timer's closure cannot hold the text.
      this.#arm(digestOf(text), clearsAt);
      return { clearsAt: new Date(clearsAt).toISOString() };
    });
  }

  /**
   * Writes text that is not a secret (a name, an id): plain, as the user's own copy would be, and not
   * cleared later. It replaces whatever was copied before, so a secret's pending clear is dropped: the
   * secret is no longer there to clear, and the plain text must not be cleared in its place.
   */
  copyPlain(text: string): Promise<void> {
    return this.#serial(async () => {
      await this.#clipboard.writeText(text, { concealed: false });
      this.#disarm();
    });
  }

  /** The pending clear, for tests and diagnostics: a digest and a time only. */
  get pending(): PendingClear | null {
    const pending = this.#pending;
    return pending ? { digestHex: pending.digest.toString('hex'), clearsAt: pending.clearsAt } : null;
  }

  /** On quit: clears now (if the clipboard still holds the copy) and forgets it. */
  dispose(): Promise<void> {
    return this.#serial(async () => {
      const pending = this.#pending;
      this.#disarm();
      if (pending) await this.#clearIfUnchanged(pending.digest);
    });
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #arm(digest: Buffer, clearsAt: number): void {
    const delay = Math.max(0, clearsAt - this.#timers.now());
    const timer = this.#timers.setTimeout(() => {
      if (this.#pending?.timer !== timer) return;
      this.#pending = null;
      void this.#serial(() => this.#clearIfUnchanged(digest));
    }, delay);
    this.#pending = { digest, clearsAt, timer };
  }

  #disarm(): void {
    if (this.#pending) this.#timers.clearTimeout(this.#pending.timer);
    this.#pending = null;
  }

  async #clearIfUnchanged(digest: Buffer): Promise<void> {
    try {
      const current = digestOf(await this.#clipboard.readText());
      if (timingSafeEqual(current, digest)) await this.#clipboard.clear();
    } catch (error) {
      this.#log(`TokenDesk: could not clear the clipboard: ${error instanceof Error ? error.name : 'unknown error'}`);
    }
  }
}

/**
 * The Node stand-in for the system clipboard (unit tests, integration tests, the browser harness):
 * holds the current text and records every write, so a test can see what was copied and whether it
 * was taken away again.
 */
export class MemoryClipboard implements Clipboard {
  #text = '';
  /** Every write, in order, with whether it asked to be concealed. */
  readonly writes: { text: string; concealed: boolean }[] = [];
  /** How many times the app cleared the clipboard. */
  clears = 0;

  readText(): Promise<string> {
    return Promise.resolve(this.#text);
  }

  writeText(text: string, options: { concealed: boolean }): Promise<void> {
    this.#text = text;
    this.writes.push({ text, concealed: options.concealed });
    return Promise.resolve();
  }

  clear(): Promise<void> {
    this.#text = '';
    this.clears += 1;
    return Promise.resolve();
  }

  /** The user (or another app) copies something: not a write by TokenDesk, so not recorded. */
  userCopies(text: string): void {
    this.#text = text;
  }
}
