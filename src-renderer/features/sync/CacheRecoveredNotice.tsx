import { useSelectedSyncStatus } from '../../data/connection-data.js';
import { useAppStore } from '../../store/app-store.js';

/** Main set aside a cache file it could not read; say so once, until the user closes it. */
export function CacheRecoveredNotice() {
  const status = useSelectedSyncStatus();
  const connectionId = status?.connectionId ?? null;
  const message = status?.cacheRecovered ?? null;
  const dismissed = useAppStore((state) => (connectionId === null ? undefined : state.dismissedRecovery[connectionId]));
  const dismiss = useAppStore((state) => state.dismissRecovery);
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
