import { api } from '../bridge.js';
import { useAppStore } from './app-store.js';

/**
 * Start-up: listen for sync events first (so none is missed), then load app info and connections;
 * loading connections selects one, which loads its cached snapshot and starts a sync.
 * Returns the unsubscribe for the event listener.
 */
export function startApp(): () => void {
  const store = useAppStore.getState();
  const unsubscribe = api().events.onSyncStatus((status) => useAppStore.getState().applySyncStatus(status));
  void store.loadAppInfo();
  void store.loadConnections();
  return unsubscribe;
}
