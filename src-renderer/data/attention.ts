import type { SyncStatus } from '../../src-shared/ipc/models.js';
import { queryClient } from './query-client.js';
import { queryKeys } from './query-keys.js';

/**
 * Keeps the Attention view (every connection's cached data) current at a cost that follows the change.
 * - A whole snapshot changed (a sync, a cache set aside), a connection's link changed, a setting or a
 *   bulk change ended: read again, once for a burst, and not while a bulk change runs.
 * - Accounts changed one by one (an edit): only marked stale, so it is read again when the Attention
 *   view next opens; one edit never makes every cache be read.
 */
const SETTLE_MS = 400;
let timer: ReturnType<typeof setTimeout> | null = null;
let held = 0;
const links = new Map<string, SyncStatus['link']['state']>();

export function attentionChanged(scope: 'whole' | 'accounts' = 'whole'): void {
  if (scope === 'accounts') {
    void queryClient.invalidateQueries({ queryKey: queryKeys.attention, refetchType: 'none' });
    return;
  }
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    if (held === 0) void queryClient.invalidateQueries({ queryKey: queryKeys.attention });
  }, SETTLE_MS);
}

/** A connection's link changed (online, offline): the view says which parts can be changed. */
export function attentionLinkSeen(status: SyncStatus): void {
  const before = links.get(status.connectionId);
  links.set(status.connectionId, status.link.state);
  if (before !== undefined && before !== status.link.state) attentionChanged();
}

/** Holds the view still during a bulk change; the returned function lets it go and reads it again. */
export function holdAttention(): () => void {
  held++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held--;
    attentionChanged();
  };
}
