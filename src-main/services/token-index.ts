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
  #byId: ReadonlyMap<string, AccountTokens> | null;
  #source: { text: string; accountIds: () => readonly string[] } | null;

  private constructor(
    byId: ReadonlyMap<string, AccountTokens> | null,
    source: { text: string; accountIds: () => readonly string[] } | null,
  ) {
    this.#byId = byId;
    this.#source = source;
  }

  static of(byId: ReadonlyMap<string, AccountTokens>): TokenIndex {
    return new TokenIndex(byId, null);
  }

  /**
   * `text` is JSON of an object from account id to tokens, holding exactly `accountIds()`; both are
   * checked on first use (the ids are asked for only then).
   */
  static fromText(text: string, accountIds: () => readonly string[]): TokenIndex {
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

  entries(): ReadonlyMap<string, AccountTokens> {
    if (this.#byId === null) {
      const { text, accountIds } = this.#source!;
      this.#byId = parseTokenText(text, accountIds());
      this.#source = null;
    }
    return this.#byId;
  }

  /** JSON.stringify writes the index as a plain object from account id to tokens. */
  toJSON(): Record<string, AccountTokens> {
    return Object.fromEntries(this.entries());
  }
}

function parseTokenText(text: string, accountIds: readonly string[]): Map<string, AccountTokens> {
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
