import { useState, useMemo, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useNow } from '../../components/use-now.js';
import { incrementalFilter, sortAccounts } from '../../lib/account-query.js';
import { formatCount } from '../../lib/numbers.js';
import { useAppStore } from '../../store/app-store.js';
import { AccountsGrid } from './AccountsGrid.js';
import { useAccountSelection } from './use-account-selection.js';

export type AccountsResultsProps = {
  /** Every account of the snapshot, as synced. */
  accounts: readonly AccountRow[];
  domain: string;
  /** Shown between the count and the list (the refused enable/disable); made once by the screen. */
  notice: ReactNode;
  onOpen: (accountId: string) => void;
  onDelete: (account: AccountRow) => void;
};

/**
 * The count line and the list (or why it is empty), for the search, filter and sort of the moment.
 * The only part of the screen that reads them, so a keystroke renders this and the search field,
 * not the screen's header, toolbar chips or dialogs.
 */
export function AccountsResults({ accounts, domain, notice, onOpen, onDelete }: AccountsResultsProps) {
  const { search, filter, sort, clearFilters, setScrollTop } = useAppStore(
    useShallow((s) => ({
      search: s.search,
      filter: s.filter,
      sort: s.sort,
      clearFilters: s.clearFilters,
      setScrollTop: s.setAccountsScrollTop,
    })),
  );
  // Expiry ("within 7 days") moves with the clock; once a minute is plenty.
  const now = useNow(60_000);
  const sorted = useMemo(() => sortAccounts(accounts, sort), [accounts, sort]);
  // Filtered in the keystroke's own render, not deferred: a deferred result is painted a frame later
  // at best, and the filter (narrowing the previous matches as the search grows) costs a few ms.
  const [filterIncrementally] = useState(incrementalFilter);
  const visible = useMemo(
    () => filterIncrementally(sorted, { search, filter, now }),
    [filterIncrementally, sorted, search, filter, now],
  );
  const bulk = useAccountSelection(accounts, visible);
  return (
    <>
      <p className="count-line" role="status">
        Showing {formatCount(visible.length)} of {formatCount(accounts.length)} service accounts
      </p>
      {notice}
      {accounts.length === 0 ? (
        <EmptyState title="No service accounts yet">
          <p>
            There are no service accounts in domain “{domain}” on this server. Accounts created there appear here after
            the next sync.
          </p>
        </EmptyState>
      ) : visible.length === 0 ? (
        <EmptyState
          title="No service accounts match"
          action={
            <button type="button" className="button" onClick={clearFilters}>
              Clear filters
            </button>
          }
        >
          <p>{noMatchText(search, filter !== 'all')}</p>
        </EmptyState>
      ) : (
        <AccountsGrid
          accounts={visible}
          query={`${search}|${filter}|${sort}`}
          now={now}
          initialScrollTop={useAppStore.getState().accountsScrollTop}
          onOpen={onOpen}
          onDelete={onDelete}
          onScrollTopChange={setScrollTop}
          selected={bulk.selected}
          onSelect={bulk.onSelect}
          onSelectAll={bulk.onSelectAll}
        />
      )}
      {bulk.bar}
    </>
  );
}

function noMatchText(search: string, filtered: boolean): string {
  const trimmed = search.trim();
  if (trimmed && filtered) return `No service account matches “${trimmed}” with this filter.`;
  if (trimmed) return `No service account name or description contains “${trimmed}”.`;
  return 'No service account fits this filter.';
}
