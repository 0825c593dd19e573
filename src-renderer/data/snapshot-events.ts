import type { SnapshotChanged } from '../../src-shared/ipc/models.js';
import { putAccount, refreshDirectory, removeAccount } from './cache-patches.js';
import { attentionChanged } from './attention.js';
import { accountQuery } from './queries.js';
import { queryClient } from './query-client.js';
import { mutationKeys, queryKeys } from './query-keys.js';

/**
 * Follows main's `snapshot:changed` events, so the renderer's copy of a cached snapshot changes when
 * main's does and no more: no list is read again after an edit.
 *
 * - Whole snapshot (a sync, a cut-down to new rights, a cache set aside), or an event missed: what
 *   the connection's cache answers is invalidated, and read again where it is on screen.
 * - Accounts by id: an account this window is changing itself is patched from that change's answer,
 *   which is the account as main now caches it, so the event needs nothing. Any other (a token
 *   change moves its account's count and next expiry) is read back alone with accounts:get.
 * - Members or groups: read back (two small lists), unless this window's own change is still
 *   running, which reads them back when it is done.
 *
 * Returns the listener; it remembers each connection's last event number to notice a gap.
 */
export function snapshotChangeListener(): (event: SnapshotChanged) => void {
  const versions = new Map<string, number>();
  return (event) => {
    const { connectionId, changedIds, directoryChanged } = event;
    const last = versions.get(connectionId);
    versions.set(connectionId, event.version);
    const missed = last !== undefined && event.version !== last + 1;
    attentionChanged(changedIds === null || missed ? 'whole' : 'accounts');
    if (changedIds === null || missed) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.cached(connectionId) });
      return;
    }
    for (const accountId of changedIds) void refreshAccount(connectionId, accountId);
    if (directoryChanged && queryClient.isMutating({ mutationKey: mutationKeys.directory(connectionId) }) === 0) {
      refreshDirectory(connectionId).catch(() => undefined); // The next sync brings them.
    }
  };
}

async function refreshAccount(connectionId: string, accountId: string): Promise<void> {
  // Its own answer patches it.
  if (queryClient.isMutating({ mutationKey: mutationKeys.account(connectionId, accountId) }) > 0) return;
  const shown =
    queryClient.getQueryData(queryKeys.snapshot(connectionId)) ||
    queryClient.getQueryState(queryKeys.account(connectionId, accountId)) !== undefined;
  if (!shown) return;
  try {
    const account = await queryClient.fetchQuery({ ...accountQuery(connectionId, accountId), staleTime: 0 });
    if (account) putAccount(connectionId, account);
    else removeAccount(connectionId, accountId);
  } catch {
    // Shown where the account is shown (its query holds the error); the next sync brings the change.
  }
}
