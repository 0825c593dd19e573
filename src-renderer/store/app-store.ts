import { create } from 'zustand';
import type { AccountFilter, AccountSort } from '../lib/account-query.js';
import { forgetLastConnectionId, rememberLastConnectionId } from '../lib/last-connection.js';
import { INITIAL_UI, type Route, type UiState } from './ui-state.js';

/**
 * The renderer's UI state, and only that: where the user is, how they filter the list, which
 * connection they chose, which notices they closed. What main or the server holds (connections,
 * snapshots, statuses, settings) is read through TanStack Query (src-renderer/data), and nothing here
 * is ever a secret: a typed token stays in its form, a new token's secret in its reveal dialog.
 */
export type AppState = UiState & {
  selectedConnectionId: string | null;
  /** Cache-recovery notices the user closed, by connection id (the message they closed). */
  dismissedRecovery: Record<string, string>;
  navigate: (route: Route) => void;
  setSearch: (search: string) => void;
  setFilter: (filter: AccountFilter) => void;
  setSort: (sort: AccountSort) => void;
  clearFilters: () => void;
  setAccountsScrollTop: (top: number) => void;
  /** Chooses the connection to show (remembered for the next start); see data/open-connection.ts. */
  selectConnection: (id: string | null) => void;
  dismissRecovery: (connectionId: string, message: string) => void;
};

export const useAppStore = create<AppState>()((set, get) => ({
  ...INITIAL_UI,
  selectedConnectionId: null,
  dismissedRecovery: {},
  navigate: (route) => set({ route }),
  setSearch: (search) => set({ search, accountsScrollTop: 0 }),
  setFilter: (filter) => set({ filter, accountsScrollTop: 0 }),
  setSort: (sort) => set({ sort, accountsScrollTop: 0 }),
  clearFilters: () => set({ search: '', filter: 'all', accountsScrollTop: 0 }),
  setAccountsScrollTop: (accountsScrollTop) => set({ accountsScrollTop }),
  selectConnection: (id) => {
    if (id === null) forgetLastConnectionId();
    else rememberLastConnectionId(id);
    // An open account belongs to the connection it came from.
    set({ selectedConnectionId: id, ...(get().route.name === 'account' ? { route: { name: 'accounts' } } : {}) });
  },
  dismissRecovery: (connectionId, message) =>
    set((state) => ({ dismissedRecovery: { ...state.dismissedRecovery, [connectionId]: message } })),
}));

/** Back to a fresh store (tests). */
export function resetAppStore(): void {
  useAppStore.setState(useAppStore.getInitialState(), true);
}
