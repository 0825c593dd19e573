import { Spinner } from '../../components/Spinner.js';
import { useNow } from '../../components/use-now.js';
import { useSyncCallError, useSyncStatus } from '../../data/connection-data.js';
import { runSync } from '../../data/sync.js';
import { formatExact } from '../../lib/time-format.js';
import { describeSync, syncFailure } from './sync-text.js';

export type SyncIndicatorProps = { connectionId: string };

/** Top-bar sync state: ticking "Synced 12 s ago", progress while syncing, errors in words, and Sync now. */
export function SyncIndicator({ connectionId }: SyncIndicatorProps) {
  const status = useSyncStatus(connectionId);
  const callError = useSyncCallError(connectionId);
  const now = useNow(1000);
  const syncing = status?.phase === 'syncing';
  const failed = !syncing && (callError !== null || status?.phase === 'error');
  const text = describeSync(status, callError, now);
  const reason = syncFailure(status, callError);
  return (
    <div className={`sync-indicator${failed ? ' sync-indicator--error' : ''}`} role="group" aria-label="Sync status">
      {syncing ? (
        <Spinner />
      ) : (
        <span className={`dot dot--${failed ? 'error' : (status?.phase ?? 'idle')}`} aria-hidden="true" />
      )}
      <span
        className="sync-indicator__text truncate"
        title={reason ?? (status?.lastSyncedAt ? `Last synced ${formatExact(status.lastSyncedAt)}` : text)}
      >
        {text}
      </span>
      <button type="button" className="button button--small" disabled={syncing} onClick={() => runSync(connectionId)}>
        Sync now
      </button>
    </div>
  );
}
