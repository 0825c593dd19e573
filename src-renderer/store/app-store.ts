import { create } from 'zustand';
import { createAccountsSlice } from './accounts-slice.js';
import type { AppState } from './app-state.js';
import { createConnectionsSlice } from './connections-slice.js';
import { createDetailSlice } from './detail-slice.js';
import { createSnapshotSlice } from './snapshot-slice.js';
import { createSyncSlice } from './sync-slice.js';
import { createSettingsSlice } from './settings-slice.js';
import { createTokensSlice } from './tokens-slice.js';
import { createUiSlice } from './ui-slice.js';

export const useAppStore = create<AppState>()((...args) => ({
  ...createConnectionsSlice(...args),
  ...createSyncSlice(...args),
  ...createSnapshotSlice(...args),
  ...createDetailSlice(...args),
  ...createAccountsSlice(...args),
  ...createTokensSlice(...args),
  ...createSettingsSlice(...args),
  ...createUiSlice(...args),
}));

/** Back to a fresh store (tests). */
export function resetAppStore(): void {
  useAppStore.setState(useAppStore.getInitialState(), true);
}
