import type { AppError } from '../../src-shared/errors.js';
import type { Snapshot } from '../../src-shared/ipc/models.js';
import { call } from '../bridge.js';
import type { SliceCreator } from './app-state.js';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export type SnapshotSlice = {
  /** The selected connection's cached snapshot; null when none has been synced yet. */
  snapshot: Snapshot | null;
  snapshotStatus: LoadStatus;
  snapshotError: AppError | null;
  loadSnapshot: (connectionId: string) => Promise<void>;
  clearSnapshot: () => void;
};

export const createSnapshotSlice: SliceCreator<SnapshotSlice> = (set, get) => ({
  snapshot: null,
  snapshotStatus: 'idle',
  snapshotError: null,
  loadSnapshot: async (connectionId) => {
    // Keep showing the old snapshot of the same connection while a newer one loads.
    const keep = get().snapshot?.connectionId === connectionId;
    set({ snapshotStatus: 'loading', snapshotError: null, ...(keep ? {} : { snapshot: null }) });
    const result = await call((bridge) => bridge.snapshot.get({ connectionId }));
    // The user may have switched connections while this was in flight.
    if (get().selectedConnectionId !== connectionId) return;
    if (result.ok) set({ snapshot: result.value, snapshotStatus: 'ready' });
    else set({ snapshotStatus: 'error', snapshotError: result.error });
  },
  clearSnapshot: () => set({ snapshot: null, snapshotStatus: 'idle', snapshotError: null }),
});
