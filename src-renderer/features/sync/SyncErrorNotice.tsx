import { useShallow } from 'zustand/react/shallow';
import { useSelectedConnectionId, useSelectedSyncStatus, useSyncCallError } from '../../data/connection-data.js';
import { useAppStore } from '../../store/app-store.js';
import { syncFailure } from './sync-text.js';

/** Why the last sync failed, in full and in the words it came with; gone once a sync succeeds. */
export function SyncErrorNotice() {
  const reason = syncFailure(useSelectedSyncStatus(), useSyncCallError(useSelectedConnectionId()));
  const { navigate, onConnections } = useAppStore(
    useShallow((state) => ({ navigate: state.navigate, onConnections: state.route.name === 'connections' })),
  );
  if (reason === null) return null;
  return (
    <div className="notice notice--error" role="alert">
      <p>
        <strong>Sync failed.</strong> {reason}
      </p>
      {onConnections ? null : (
        <button type="button" className="button button--small" onClick={() => navigate({ name: 'connections' })}>
          Check connection
        </button>
      )}
    </div>
  );
}
