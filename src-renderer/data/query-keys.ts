import type { AuditQuery } from '../../src-shared/api/directory.js';
import type { RequestLogQuery } from '../../src-shared/api/logs.js';

/**
 * Every query key and mutation key of the renderer. A connection's keys all start with
 * `['connection', id]`, and what main answers from its cached snapshot with `[…, 'cached']`, so a
 * changed snapshot invalidates exactly that.
 */
export const queryKeys = {
  appInfo: ['appInfo'] as const,
  connections: ['connections'] as const,
  settings: ['settings'] as const,
  lockStatus: ['lockStatus'] as const,
  /** Every connection's tokens that need attention, from main's caches. */
  attention: ['attention'] as const,
  passwordManagers: ['passwordManagers'] as const,
  savedEntries: (connectionId: string) => ['connection', connectionId, 'cached', 'savedEntries'] as const,
  connection: (connectionId: string) => ['connection', connectionId] as const,
  cached: (connectionId: string) => ['connection', connectionId, 'cached'] as const,
  snapshot: (connectionId: string) => ['connection', connectionId, 'cached', 'snapshot'] as const,
  account: (connectionId: string, accountId: string) =>
    ['connection', connectionId, 'cached', 'account', accountId] as const,
  syncStatus: (connectionId: string) => ['connection', connectionId, 'syncStatus'] as const,
  personalTokens: (connectionId: string) => ['connection', connectionId, 'personalTokens'] as const,
  logs: (connectionId: string, accountId: string, query: RequestLogQuery) =>
    ['connection', connectionId, 'logs', accountId, query] as const,
  audit: (connectionId: string, query: AuditQuery) => ['connection', connectionId, 'audit', query] as const,
  /** What only the server knows of the token policy now: auto-suspend's last run, the violations. */
  tokenPolicy: (connectionId: string) => ['connection', connectionId, 'tokenPolicy'] as const,
  policyViolations: (connectionId: string) => ['connection', connectionId, 'tokenPolicy', 'violations'] as const,
};

/** The kinds of change to one account whose answer is the account as main now caches it. */
export type AccountChange = 'enabled' | 'update' | 'delete';

export const mutationKeys = {
  sync: (connectionId: string) => ['connection', connectionId, 'sync'] as const,
  /** All changes to one account (with a kind: one of them); see snapshot-events.ts. */
  account: (connectionId: string, accountId: string, kind?: AccountChange) =>
    kind === undefined
      ? (['connection', connectionId, 'account', accountId] as const)
      : (['connection', connectionId, 'account', accountId, kind] as const),
  /** Every change to the domain's members, groups and bundles. */
  directory: (connectionId: string) => ['connection', connectionId, 'directory'] as const,
  /** Status and cap changes of one account's tokens (their rows show them pending). */
  token: (connectionId: string, accountId: string) => ['connection', connectionId, 'token', accountId] as const,
};
