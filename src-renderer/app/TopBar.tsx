import { LockButton } from '../features/lock/LockButton.js';
import { SyncIndicator } from '../features/sync/SyncIndicator.js';
import { useSelectedConnection } from '../data/connection-data.js';

/** The strip above the content: which connection is active and how fresh its data is. */
export function TopBar() {
  const connection = useSelectedConnection();
  return (
    <header className="topbar">
      <div className="topbar__context">
        {connection ? (
          <>
            <span className="topbar__name truncate" title={connection.name}>
              {connection.name}
            </span>
            <span className="topbar__meta truncate" title={connection.url}>
              {connection.url} · domain {connection.domain}
            </span>
          </>
        ) : (
          <span className="topbar__meta">No connection selected</span>
        )}
      </div>
      {connection ? <SyncIndicator connectionId={connection.id} /> : null}
      <LockButton />
    </header>
  );
}
