import type { ConnectionView, SyncStatus } from '../../src-shared/ipc/models.js';
import type { AppState } from './app-state.js';
import { useAppStore } from './app-store.js';

export function selectSelectedConnection(state: AppState): ConnectionView | null {
  return state.connections.find((c) => c.id === state.selectedConnectionId) ?? null;
}

export function selectSelectedSyncStatus(state: AppState): SyncStatus | null {
  const id = state.selectedConnectionId;
  return id === null ? null : (state.syncStatus[id] ?? null);
}

export function useSelectedConnection(): ConnectionView | null {
  return useAppStore(selectSelectedConnection);
}

export function useSelectedSyncStatus(): SyncStatus | null {
  return useAppStore(selectSelectedSyncStatus);
}

export function useIsOffline(): boolean {
  return useAppStore((state) => selectSelectedSyncStatus(state)?.phase === 'offline');
}
