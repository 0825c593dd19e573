import { SNAPSHOT_VERSION, type CachedSnapshot } from '../snapshot.js';
import { fromItems } from '../snapshot-merge.js';
import type { AccountTokens } from '../token-index.js';
import { makeAccounts, testGroups, testMe, testMembers, testRoles } from './fixtures.js';

export function makeSnapshot(
  connectionId: string,
  accounts = 3,
  tokensPerAccount = 2,
  syncCursor = '7',
): CachedSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    connectionId,
    asOf: '2025-02-03T04:05:06.000Z',
    syncCursor,
    me: testMe,
    roles: testRoles,
    // Copies: edits change a snapshot's lists in place, and the fixtures are shared by every test.
    groups: [...testGroups],
    members: [...testMembers],
    bundles: [],
    tokenPolicy: null,
    ...fromItems(makeAccounts(accounts, tokensPerAccount)),
  };
}

/**
 * A snapshot with its token index read out into a plain object, for `toEqual`: the index keeps its
 * state in private fields, which `toEqual` does not see (any two indexes would compare equal).
 */
export function plainSnapshot(
  snapshot: CachedSnapshot | null | undefined,
): (Omit<CachedSnapshot, 'tokens'> & { tokens: Record<string, AccountTokens> }) | null {
  if (!snapshot) return null;
  return { ...snapshot, tokens: Object.fromEntries(snapshot.tokens.entries()) };
}
