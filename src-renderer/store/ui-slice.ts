import type { AccountFilter, AccountSort } from '../lib/account-query.js';
import type { SliceCreator } from './app-state.js';

export type AccountTab = 'info' | 'tokens' | 'permissions' | 'logs';

export type Route =
  | { name: 'accounts' }
  | { name: 'account'; accountId: string; tab: AccountTab }
  | { name: 'connections' }
  | { name: 'personalTokens' }
  | { name: 'members' }
  | { name: 'audit' }
  | { name: 'settings' };

export type UiSlice = {
  route: Route;
  search: string;
  filter: AccountFilter;
  sort: AccountSort;
  /** Where the account list was scrolled, so coming back from a detail lands on the same rows. */
  accountsScrollTop: number;
  navigate: (route: Route) => void;
  setSearch: (search: string) => void;
  setFilter: (filter: AccountFilter) => void;
  setSort: (sort: AccountSort) => void;
  clearFilters: () => void;
  setAccountsScrollTop: (top: number) => void;
};

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  route: { name: 'accounts' },
  search: '',
  filter: 'all',
  sort: 'name',
  accountsScrollTop: 0,
  navigate: (route) => set({ route }),
  setSearch: (search) => set({ search, accountsScrollTop: 0 }),
  setFilter: (filter) => set({ filter, accountsScrollTop: 0 }),
  setSort: (sort) => set({ sort, accountsScrollTop: 0 }),
  clearFilters: () => set({ search: '', filter: 'all', accountsScrollTop: 0 }),
  setAccountsScrollTop: (accountsScrollTop) => set({ accountsScrollTop }),
});
