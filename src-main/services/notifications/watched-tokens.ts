import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { CachedSnapshot } from '../snapshot.js';
import type { AccountTokens } from '../token-index.js';
import type { WatchedToken } from './notice-types.js';

/** A connection's cached service-account tokens as the notices watch them (a rotated-out one goes by itself). */
export function watchedTokens(
  connection: { id: string; name: string },
  snapshot: CachedSnapshot,
  tokens: ReadonlyMap<string, AccountTokens>,
): WatchedToken[] {
  const watched: WatchedToken[] = [];
  for (const account of snapshot.accounts) {
    for (const token of tokens.get(account.id) ?? []) {
      if (token.replacedBy !== null) continue;
      watched.push({
        connectionId: connection.id,
        connectionName: connection.name,
        accountId: account.id,
        accountName: account.name,
        tokenId: token.id,
        tokenName: token.name,
        status: token.status,
        expiresAt: token.expiresAt,
        leakedAt: token.leak?.reportedAt ?? null,
      });
    }
  }
  return watched;
}

/** The caller's personal tokens as their offline copy holds them (accountId null: they are the caller's own). */
export function watchedPersonalTokens(
  connection: { id: string; name: string },
  tokens: readonly TokenMeta[],
): WatchedToken[] {
  return tokens
    .filter((token) => token.replacedBy === null)
    .map((token) => ({
      connectionId: connection.id,
      connectionName: connection.name,
      accountId: null,
      accountName: null,
      tokenId: token.id,
      tokenName: token.name,
      status: token.status,
      expiresAt: token.expiresAt,
      leakedAt: token.leak?.reportedAt ?? null,
    }));
}
