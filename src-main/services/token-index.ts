import type { TokenMeta } from '../../src-shared/api/models.js';

/** An account's tokens as sync stored them: null when the server did not let this admin see them. */
export type AccountTokens = TokenMeta[] | null;

/** A cache file whose contents passed authentication but cannot be read as a snapshot. */
export class CorruptSnapshotError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CorruptSnapshotError';
  }
}

/**
 * The tokens of every account of a snapshot, by account id. Built from sync's pages, or from the
 * tokens part of a cache file, kept as text and parsed on first use: the list screen never needs
 * tokens, and parsing them is most of the cost of reading a large cache. Reads throw
 * `CorruptSnapshotError` when that text turns out not to be a token index for the snapshot's accounts.
 */
export class TokenIndex {
  #byId: Map<string, AccountTokens> | null;
  #source: { text: string | (() => string); accountIds: () => readonly string[] } | null;
  /**
   * Changes made before the text was parsed (an edit of a cold-loaded snapshot): applied over the
   * parsed text, so an edit never forces the parse. `undefined` is a removed account.
   */
  #pending = new Map<string, AccountTokens | undefined>();

  private constructor(
    byId: Map<string, AccountTokens> | null,
    source: { text: string | (() => string); accountIds: () => readonly string[] } | null,
  ) {
    this.#byId = byId;
    this.#source = source;
  }

  /** Takes `byId` over: the index changes it in place from now on. */
  static of(byId: Map<string, AccountTokens>): TokenIndex {
    return new TokenIndex(byId, null);
  }

  /**
   * `text` is JSON of an object from account id to tokens, holding exactly `accountIds()` (once the
   * changes made since are applied); both are checked on first use (the ids are asked for only then).
   * Given as a function, the text is read only then (from the file again), so it is not held meanwhile.
   */
  static fromText(text: string | (() => string), accountIds: () => readonly string[]): TokenIndex {
    return new TokenIndex(null, { text, accountIds });
  }

  /** False until the text (if any) has been parsed. For tests and measurements. */
  get parsed(): boolean {
    return this.#byId !== null;
  }

  /** The account's tokens; undefined for an id the snapshot does not hold. */
  get(accountId: string): AccountTokens | undefined {
    return this.entries().get(accountId);
  }

  /** Sets an account's tokens in place (an edit); never parses a text not read yet. */
  set(accountId: string, tokens: AccountTokens): void {
    if (this.#byId) this.#byId.set(accountId, tokens);
    else this.#pending.set(accountId, tokens);
  }

  /** Drops an account's tokens in place (an edit); never parses a text not read yet. */
  delete(accountId: string): void {
    if (this.#byId) this.#byId.delete(accountId);
    else this.#pending.set(accountId, undefined);
  }

  entries(): ReadonlyMap<string, AccountTokens> {
    if (this.#byId === null) {
      const { text, accountIds } = this.#source!;
      this.#byId = parseTokenText(readText(text), this.#pending, accountIds());
      this.#source = null;
      this.#pending = new Map();
    }
    return this.#byId;
  }

  /** JSON.stringify writes the index as a plain object from account id to tokens. */
  toJSON(): Record<string, AccountTokens> {
    return Object.fromEntries(this.entries());
  }
}

function readText(text: string | (() => string)): string {
  if (typeof text === 'string') return text;
  try {
    return text();
  } catch (error) {
    throw new CorruptSnapshotError('The tokens part of the cached snapshot could not be read again.', { cause: error });
  }
}

function parseTokenText(
  text: string,
  pending: ReadonlyMap<string, AccountTokens | undefined>,
  accountIds: readonly string[],
): Map<string, AccountTokens> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CorruptSnapshotError('The tokens part of the cached snapshot is not JSON.', { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CorruptSnapshotError('The tokens part of the cached snapshot has an unknown format.');
  }
  const byId = new Map(Object.entries(value as Record<string, unknown>));
  for (const [id, tokens] of pending) {
    if (tokens === undefined) byId.delete(id);
    else byId.set(id, tokens);
  }
  // Cheap checks, as for the head: one entry per account, each a list or null. The GCM tag already
  // vouches for the text; this guards against a writer bug, not an attacker.
  if (byId.size !== accountIds.length || !accountIds.every((id) => byId.has(id))) {
    throw new CorruptSnapshotError('The tokens part of the cached snapshot does not match its accounts.');
  }
  for (const tokens of byId.values()) {
    if (tokens !== null && !Array.isArray(tokens)) {
      throw new CorruptSnapshotError('The tokens part of the cached snapshot has an unknown format.');
    }
  }
  return byId as Map<string, AccountTokens>;
}
