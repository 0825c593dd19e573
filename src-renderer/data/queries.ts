import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { AuditQuery } from '../../src-shared/api/directory.js';
import type { RequestLogQuery } from '../../src-shared/api/logs.js';
import { request } from '../bridge.js';
import { queryKeys } from './query-keys.js';

/** Every read through the bridge, as TanStack Query options: one definition per thing read. */

export const appInfoQuery = () =>
  queryOptions({ queryKey: queryKeys.appInfo, queryFn: () => request((bridge) => bridge.app.info()) });

export const connectionsQuery = () =>
  queryOptions({ queryKey: queryKeys.connections, queryFn: () => request((bridge) => bridge.connections.list()) });

/** The app lock's state and settings; what the lock screen and Settings → Lock show. */
export const lockStatusQuery = () =>
  queryOptions({
    queryKey: queryKeys.lockStatus,
    queryFn: () => request((bridge) => bridge.lock.status()),
    staleTime: 0,
  });

/** The password managers Save to… offers on this computer (read each time the dialog opens). */
export const passwordManagersQuery = () =>
  queryOptions({
    queryKey: queryKeys.passwordManagers,
    queryFn: () => request((bridge) => bridge.passwordManagers.list()),
    staleTime: 0,
  });

/** Where each token of a connection was saved with Save to… (kind and entry title). */
export const savedEntriesQuery = (connectionId: string) =>
  queryOptions({
    queryKey: queryKeys.savedEntries(connectionId),
    queryFn: () => request((bridge) => bridge.savedEntries.list({ connectionId })),
  });

/** What needs attention across every connection; read again as data/attention.ts says. */
export const attentionQuery = () =>
  queryOptions({
    queryKey: queryKeys.attention,
    queryFn: () => request((bridge) => bridge.attention.list()),
    structuralSharing: false,
  });

/** Read again each time Settings opens, as main may have been told otherwise (harness, tests). */
export const settingsQuery = () =>
  queryOptions({
    queryKey: queryKeys.settings,
    queryFn: () => request((bridge) => bridge.settings.get()),
    staleTime: 0,
  });

/**
 * The connection's cached snapshot, null before its first sync. Up to 10,000 rows: no structural
 * sharing (a deep compare of every row on every patch), the patches in cache-patches.ts replace
 * only the rows that changed.
 */
export const snapshotQuery = (connectionId: string) =>
  queryOptions({
    queryKey: queryKeys.snapshot(connectionId),
    queryFn: () => request((bridge) => bridge.snapshot.get({ connectionId })),
    structuralSharing: false,
  });

/** One account with its tokens from the cache; null when the cache no longer holds it. */
export const accountQuery = (connectionId: string, accountId: string) =>
  queryOptions({
    queryKey: queryKeys.account(connectionId, accountId),
    queryFn: () => request((bridge) => bridge.accounts.get({ connectionId, id: accountId })),
  });

export const syncStatusQuery = (connectionId: string) =>
  queryOptions({
    queryKey: queryKeys.syncStatus(connectionId),
    queryFn: () => request((bridge) => bridge.sync.status({ connectionId })),
  });

/**
 * Read from the server each time the page opens; offline, main answers with the copy its last sync
 * kept (`fromCache`, with its `asOf`).
 */
export const personalTokensQuery = (connectionId: string) =>
  queryOptions({
    queryKey: queryKeys.personalTokens(connectionId),
    queryFn: () => request((bridge) => bridge.personalTokens.list({ connectionId })),
    staleTime: 0,
  });

/**
 * Logs and audit: newest first, a page at a time ("Load more"). Each opening starts again from the
 * first page (gcTime 0: a list nobody shows is dropped), and other filters are another list.
 */
export const logsQuery = (connectionId: string, accountId: string, query: RequestLogQuery) =>
  infiniteQueryOptions({
    queryKey: queryKeys.logs(connectionId, accountId, query),
    queryFn: ({ pageParam }) =>
      request((bridge) =>
        bridge.logs.list({ connectionId, accountId, query: pageParam ? { ...query, cursor: pageParam } : query }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
    gcTime: 0,
  });

export const auditQuery = (connectionId: string, query: AuditQuery) =>
  infiniteQueryOptions({
    queryKey: queryKeys.audit(connectionId, query),
    queryFn: ({ pageParam }) =>
      request((bridge) =>
        bridge.audit.list({ connectionId, query: pageParam ? { ...query, cursor: pageParam } : query }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
    gcTime: 0,
  });

/** The domain's token policy as the server has it now (online only; the snapshot keeps the policy itself). */
export const tokenPolicyQuery = (connectionId: string) =>
  queryOptions({
    queryKey: queryKeys.tokenPolicy(connectionId),
    queryFn: () => request((bridge) => bridge.tokenPolicy.get({ connectionId })),
    retry: false,
  });

/** The tokens and accounts that break the policy in force (online only). */
export const policyViolationsQuery = (connectionId: string) =>
  queryOptions({
    queryKey: queryKeys.policyViolations(connectionId),
    queryFn: () => request((bridge) => bridge.tokenPolicy.violations({ connectionId })),
    retry: false,
  });
