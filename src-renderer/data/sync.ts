import type { ConnectionView, SyncStatus } from '../../src-shared/ipc/models.js';
import { request } from '../bridge.js';
import { attentionLinkSeen } from './attention.js';
import { queryClient } from './query-client.js';
import { mutationKeys, queryKeys } from './query-keys.js';
import { runMutation } from './run-mutation.js';

/**
 * A sync status from main, pushed (sync:status) or answered: kept per connection, and a completed
 * sync's time shown on the connection. The new snapshot itself is announced by snapshot:changed.
 */
export function applySyncStatus(status: SyncStatus): void {
  const key = queryKeys.syncStatus(status.connectionId);
  const previous = queryClient.getQueryData<SyncStatus>(key);
  queryClient.setQueryData(key, status);
  attentionLinkSeen(status);
  const { lastSyncedAt } = status;
  if (lastSyncedAt === null || lastSyncedAt === previous?.lastSyncedAt) return;
  queryClient.setQueryData<ConnectionView[]>(queryKeys.connections, (connections) =>
    connections?.map((c) => (c.id === status.connectionId ? { ...c, lastSyncedAt } : c)),
  );
  // A sync also tells main which token the connection uses (tokenId): read the views again.
  void queryClient.invalidateQueries({ queryKey: queryKeys.connections });
}

/**
 * Asks main to sync a connection now. Its progress arrives as sync:status events; a call that fails
 * before main can report a status (an unknown connection) stays as the sync run's failure, which
 * useSyncCallError shows, until the next run.
 */
export function runSync(connectionId: string, full?: boolean): void {
  runMutation(
    {
      mutationKey: mutationKeys.sync(connectionId),
      mutationFn: (wanted: boolean | undefined) =>
        request((bridge) => bridge.sync.run(wanted === undefined ? { connectionId } : { connectionId, full: wanted })),
      onSuccess: applySyncStatus,
    },
    full,
  ).catch(() => undefined);
}
