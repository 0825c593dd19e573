import { useSelectedSyncStatus, useSnapshot } from '../../data/connection-data.js';
import { runSync } from '../../data/sync.js';
import { offlineTitle } from './sync-text.js';

/** Across the top while the selected connection cannot reach its server: what is shown, and why. */
export function OfflineBanner() {
  const status = useSelectedSyncStatus();
  const asOf = useSnapshot().data?.asOf ?? status?.lastSyncedAt ?? null;
  if (status?.phase !== 'offline') return null;
  return (
    <div className="offline-banner" role="status">
      <div className="offline-banner__text">
        <p className="offline-banner__title">{offlineTitle(asOf)}</p>
        {status.error ? <p className="offline-banner__reason">{status.error.message}</p> : null}
      </div>
      <button type="button" className="button button--small" onClick={() => runSync(status.connectionId)}>
        Retry
      </button>
    </div>
  );
}
