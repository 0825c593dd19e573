import { useNow } from '../../components/use-now.js';
import { useSelectedSyncStatus, useSnapshot } from '../../data/connection-data.js';
import { useAppStore } from '../../store/app-store.js';
import { linkTitle, nextCheckText } from './sync-text.js';

/**
 * Across the top while the selected connection is read-only: offline since when, or its token
 * refused; what is shown; why, in main's words; and when main tries again by itself. Retrying by
 * hand is the top bar's one button, not another one here.
 */
export function OfflineBanner() {
  const status = useSelectedSyncStatus();
  const asOf = useSnapshot().data?.asOf ?? status?.lastSyncedAt ?? null;
  const now = useNow(1000);
  const navigate = useAppStore((state) => state.navigate);
  const onConnections = useAppStore((state) => state.route.name === 'connections');
  const link = status?.link;
  if (!link || link.state === 'online') return null;
  const next = nextCheckText(link, now);
  return (
    <div className="offline-banner" role="status">
      <div className="offline-banner__text">
        <p className="offline-banner__title">{linkTitle(link, asOf)}</p>
        {link.reason ? <p className="offline-banner__reason">{link.reason}</p> : null}
        {next ? <p className="offline-banner__reason">{next}</p> : null}
      </div>
      {link.state === 'auth_failed' && !onConnections ? (
        <button type="button" className="button button--small" onClick={() => navigate({ name: 'connections' })}>
          Enter a new token
        </button>
      ) : null}
    </div>
  );
}
