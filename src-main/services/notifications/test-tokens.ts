import type { WatchedToken } from './notice-types.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export const iso = (at: number): string => new Date(at).toISOString();

/** A live service-account token of connection c1 that never expires, with what the test sets. */
export function watched(overrides: Partial<WatchedToken> = {}): WatchedToken {
  return {
    connectionId: 'c1',
    connectionName: 'Production',
    accountId: 'a1',
    accountName: 'ci_runner',
    tokenId: 't1',
    tokenName: 'deploy-bot',
    status: 'ACTIVE',
    expiresAt: null,
    leakedAt: null,
    ...overrides,
  };
}

/** `count` tokens of one connection expiring at the same moment: t0, t1, … */
export function expiringTogether(count: number, expiresAt: number, connectionId = 'c1'): WatchedToken[] {
  return Array.from({ length: count }, (_, i) =>
    watched({ connectionId, tokenId: `t${i}`, tokenName: `token-${i}`, expiresAt: iso(expiresAt) }),
  );
}
