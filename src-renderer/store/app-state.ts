import type { StateCreator } from 'zustand';
import type { AccountsSlice } from './accounts-slice.js';
import type { ConnectionsSlice } from './connections-slice.js';
import type { DetailSlice } from './detail-slice.js';
import type { SnapshotSlice } from './snapshot-slice.js';
import type { SyncSlice } from './sync-slice.js';
import type { UiSlice } from './ui-slice.js';

/**
 * The renderer's whole state: slices combined into one zustand store. Nothing here is ever a secret:
 * tokens typed into forms stay in component state and go straight to the bridge.
 */
export type AppState = ConnectionsSlice & SyncSlice & SnapshotSlice & DetailSlice & AccountsSlice & UiSlice;

export type SliceCreator<Slice> = StateCreator<AppState, [], [], Slice>;
