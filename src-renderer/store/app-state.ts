import type { StateCreator } from 'zustand';
import type { AccountsSlice } from './accounts-slice.js';
import type { ConnectionsSlice } from './connections-slice.js';
import type { DetailSlice } from './detail-slice.js';
import type { SnapshotSlice } from './snapshot-slice.js';
import type { SyncSlice } from './sync-slice.js';
import type { SettingsSlice } from './settings-slice.js';
import type { TokensSlice } from './tokens-slice.js';
import type { UiSlice } from './ui-slice.js';

/**
 * The renderer's whole state: slices combined into one zustand store. Nothing here is ever a secret:
 * tokens typed into forms stay in component state and go straight to the bridge, and a new token's
 * secret lives only in the reveal dialog.
 */
export type AppState = ConnectionsSlice &
  SyncSlice &
  SnapshotSlice &
  DetailSlice &
  AccountsSlice &
  TokensSlice &
  SettingsSlice &
  UiSlice;

export type SliceCreator<Slice> = StateCreator<AppState, [], [], Slice>;
