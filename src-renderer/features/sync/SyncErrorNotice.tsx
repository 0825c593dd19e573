import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/app-store.js';
import { selectSelectedSyncStatus } from '../../store/selectors.js';
import { syncFailure } from './sync-text.js';

/** Why the last sync failed, in full and in the words it came with; gone once a sync succeeds. */
export function SyncErrorNotice() {
  const { reason, navigate, onConnections } = useAppStore(
    useShallow((state) => {
      const id = state.selectedConnectionId;
      return {
        reason: syncFailure(selectSelectedSyncStatus(state), id ? (state.syncCallError[id] ?? null) : null),
        navigate: state.navigate,
        onConnections: state.route.name === 'connections',
      };
    }),
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
