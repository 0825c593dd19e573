import type { AppError } from '../../src-shared/errors.js';
import type { SyncStatus } from '../../src-shared/ipc/models.js';
import { call } from '../bridge.js';
import type { SliceCreator } from './app-state.js';

export type SyncSlice = {
  /** Latest SyncStatus per connection id, from `sync:status` events and call answers. */
  syncStatus: Record<string, SyncStatus>;
  /** A sync call that failed before main could report a status (e.g. unknown connection). */
  syncCallError: Record<string, AppError>;
  /** Cache-recovery notices the user closed, by connection id (the message they closed). */
  dismissedRecovery: Record<string, string>;
  applySyncStatus: (status: SyncStatus) => void;
  runSync: (connectionId: string, full?: boolean) => Promise<void>;
  loadSyncStatus: (connectionId: string) => Promise<void>;
  dismissRecovery: (connectionId: string, message: string) => void;
};

export const createSyncSlice: SliceCreator<SyncSlice> = (set, get) => ({
  syncStatus: {},
  syncCallError: {},
  dismissedRecovery: {},

  applySyncStatus: (status) => {
    const previous = get().syncStatus[status.connectionId];
    set((state) => ({ syncStatus: { ...state.syncStatus, [status.connectionId]: status } }));
    if (status.lastSyncedAt === null || status.lastSyncedAt === previous?.lastSyncedAt) return;
    get().noteSynced(status.connectionId, status.lastSyncedAt);
    if (get().selectedConnectionId !== status.connectionId) return;
    // The first status seen for a connection usually describes the snapshot already loading or
    // loaded; reload only when a sync completed while we were watching, or nothing is there yet.
    const { snapshot, snapshotStatus } = get();
    const haveSnapshot = snapshot?.connectionId === status.connectionId || snapshotStatus === 'loading';
    if (previous === undefined && haveSnapshot) return;
    // A complete sync replaced the cached snapshot in main: show the new one.
    void get().loadSnapshot(status.connectionId);
    const route = get().route;
    if (route.name === 'account') void get().loadDetail(route.accountId);
  },

  runSync: async (connectionId, full) => {
    set((state) => ({ syncCallError: without(state.syncCallError, connectionId) }));
    const result = await call((bridge) =>
      bridge.sync.run(full === undefined ? { connectionId } : { connectionId, full }),
    );
    if (result.ok) get().applySyncStatus(result.value);
    else set((state) => ({ syncCallError: { ...state.syncCallError, [connectionId]: result.error } }));
  },

  loadSyncStatus: async (connectionId) => {
    const result = await call((bridge) => bridge.sync.status({ connectionId }));
    if (result.ok) get().applySyncStatus(result.value);
  },

  dismissRecovery: (connectionId, message) =>
    set((state) => ({ dismissedRecovery: { ...state.dismissedRecovery, [connectionId]: message } })),
});

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}
