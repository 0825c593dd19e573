import { SNAPSHOT_VERSION, type CachedSnapshot } from '../snapshot.js';
import { makeAccounts, testMe, testRoles } from './fixtures.js';

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
    accounts: makeAccounts(accounts, tokensPerAccount),
  };
}
