import { api } from '../bridge.js';
import { appInfoQuery } from './queries.js';
import { queryClient } from './query-client.js';
import { loadConnections } from './open-connection.js';
import { snapshotChangeListener } from './snapshot-events.js';
import { applySyncStatus } from './sync.js';
import { openNotice } from '../features/attention/open-token.js';

/** Follows what main pushes: sync statuses and snapshot changes. Returns what stops it. */
export function listenToMain(): () => void {
  const events = api().events;
  const stops = [
    events.onSyncStatus(applySyncStatus),
    events.onSnapshotChanged(snapshotChangeListener()),
    events.onNoticeOpen(openNotice),
  ];
  return () => stops.forEach((stop) => stop());
}

/**
 * Start-up: listen to main first (so no event is missed), then read app info and the connections;
 * reading connections opens one, which reads its cached snapshot and starts a sync.
 * Returns what stops the listening.
 */
export function startApp(): () => void {
  const stop = listenToMain();
  void queryClient.prefetchQuery(appInfoQuery());
  void loadConnections();
  return stop;
}
