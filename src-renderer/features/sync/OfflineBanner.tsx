import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/app-store.js';
import { selectSelectedSyncStatus } from '../../store/selectors.js';
import { offlineTitle } from './sync-text.js';

/** Across the top while the selected connection cannot reach its server: what is shown, and why. */
export function OfflineBanner() {
  const { status, asOf, runSync } = useAppStore(
    useShallow((state) => {
      const status = selectSelectedSyncStatus(state);
      const snapshot = state.snapshot?.connectionId === state.selectedConnectionId ? state.snapshot : null;
      return { status, asOf: snapshot?.asOf ?? status?.lastSyncedAt ?? null, runSync: state.runSync };
    }),
  );
  if (status?.phase !== 'offline') return null;
  return (
    <div className="offline-banner" role="status">
      <div className="offline-banner__text">
        <p className="offline-banner__title">{offlineTitle(asOf)}</p>
        {status.error ? <p className="offline-banner__reason">{status.error.message}</p> : null}
      </div>
      <button type="button" className="button button--small" onClick={() => void runSync(status.connectionId)}>
        Retry
      </button>
    </div>
  );
}
