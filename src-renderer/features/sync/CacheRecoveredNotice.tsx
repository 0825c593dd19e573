import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/app-store.js';
import { selectSelectedSyncStatus } from '../../store/selectors.js';

/** Main set aside a cache file it could not read; say so once, until the user closes it. */
export function CacheRecoveredNotice() {
  const { connectionId, message, dismissed, dismiss } = useAppStore(
    useShallow((state) => {
      const status = selectSelectedSyncStatus(state);
      return {
        connectionId: status?.connectionId ?? null,
        message: status?.cacheRecovered ?? null,
        dismissed: status ? state.dismissedRecovery[status.connectionId] : undefined,
        dismiss: state.dismissRecovery,
      };
    }),
  );
  if (connectionId === null || message === null || dismissed === message) return null;
  return (
    <div className="notice notice--info" role="status">
      <p>{message}</p>
      <button
        type="button"
        className="button button--small button--ghost"
        onClick={() => dismiss(connectionId, message)}
      >
        Dismiss
      </button>
    </div>
  );
}
