import { Spinner } from '../../components/Spinner.js';
import { useNow } from '../../components/use-now.js';
import { useSyncCallError, useSyncStatus } from '../../data/connection-data.js';
import { runSync } from '../../data/sync.js';
import { formatExact } from '../../lib/time-format.js';
import { describeSync, syncFailure } from './sync-text.js';

export type SyncIndicatorProps = { connectionId: string };

/**
 * Top-bar connection state: online with a ticking "Synced 12 s ago", progress while syncing,
 * "Offline since 10:42" or "Token rejected", and the app's one way to retry by hand: "Sync now",
 * or "Retry now" while the server does not answer or a sync failed.
 */
export function SyncIndicator({ connectionId }: SyncIndicatorProps) {
  const status = useSyncStatus(connectionId);
  const callError = useSyncCallError(connectionId);
  const now = useNow(1000);
  const syncing = status?.phase === 'syncing';
  const link = status?.link.state ?? 'online';
  const failed = !syncing && (callError !== null || status?.phase === 'error');
  const text = describeSync(status, callError, now);
  const reason = link === 'online' ? syncFailure(status, callError) : status?.link.reason;
  const dot = link !== 'online' ? 'offline' : failed ? 'error' : (status?.phase ?? 'idle');
  return (
    <div
      className={`sync-indicator${failed || link !== 'online' ? ' sync-indicator--error' : ''}`}
      role="group"
      aria-label="Connection status"
    >
      {syncing ? <Spinner /> : <span className={`dot dot--${dot}`} aria-hidden="true" />}
      <span
        className="sync-indicator__text truncate"
        title={reason ?? (status?.lastSyncedAt ? `Last synced ${formatExact(status.lastSyncedAt)}` : text)}
      >
        {text}
      </span>
      <button type="button" className="button button--small" disabled={syncing} onClick={() => runSync(connectionId)}>
        {link !== 'online' || failed ? 'Retry now' : 'Sync now'}
      </button>
    </div>
  );
}
