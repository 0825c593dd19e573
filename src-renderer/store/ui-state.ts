import type { AccountFilter, AccountSort } from '../lib/account-query.js';

export type AccountTab = 'info' | 'tokens' | 'permissions' | 'logs';

export type Route =
  | { name: 'attention' }
  | { name: 'accounts' }
  | { name: 'account'; accountId: string; tab: AccountTab }
  | { name: 'connections' }
  | { name: 'personalTokens' }
  | { name: 'members' }
  | { name: 'audit' }
  | { name: 'settings' };

/** Where the user is and how they look at the account list. */
export type UiState = {
  route: Route;
  search: string;
  filter: AccountFilter;
  sort: AccountSort;
  /** Where the account list was scrolled, so coming back from a detail lands on the same rows. */
  accountsScrollTop: number;
};

export const INITIAL_UI: UiState = {
  route: { name: 'accounts' },
  search: '',
  filter: 'all',
  sort: 'name',
  accountsScrollTop: 0,
};
