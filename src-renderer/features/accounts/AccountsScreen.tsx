import { useCallback, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { appErrorOf } from '../../bridge.js';
import { AddButton } from '../../components/AddButton.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useNow } from '../../components/use-now.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { useSelectedConnection, useSelectedSyncStatus, useSnapshot } from '../../data/connection-data.js';
import { incrementalFilter, sortAccounts } from '../../lib/account-query.js';
import { formatCount } from '../../lib/numbers.js';
import { formatExact } from '../../lib/time-format.js';
import { useAppStore } from '../../store/app-store.js';
import { syncingText } from '../sync/sync-text.js';
import { AccountsGrid } from './AccountsGrid.js';
import { AccountsToolbar } from './AccountsToolbar.js';
import { CreateAccountDialog } from './CreateAccountDialog.js';
import { DeleteAccountDialog } from './DeleteAccountDialog.js';
import { ToggleFailureNotice } from './ToggleFailureNotice.js';
import { useCreateGate } from './use-account-access.js';

type OpenDialog = { kind: 'create' } | { kind: 'delete'; account: AccountRow } | null;

/** Every service account of the selected connection's snapshot: search, filter, sort, open, create, delete. */
export function AccountsScreen() {
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const createGate = useCreateGate();
  const reasonId = useId();
  const connection = useSelectedConnection();
  const sync = useSelectedSyncStatus();
  const read = useSnapshot();
  const snapshot = read.data ?? null;
  const state = useAppStore(
    useShallow((s) => ({
      search: s.search,
      filter: s.filter,
      sort: s.sort,
      setSearch: s.setSearch,
      setFilter: s.setFilter,
      setSort: s.setSort,
      clearFilters: s.clearFilters,
      navigate: s.navigate,
      setScrollTop: s.setAccountsScrollTop,
    })),
  );
  const { search, filter, sort, navigate } = state;
  // Expiry ("within 7 days") moves with the clock; once a minute is plenty.
  const now = useNow(60_000);
  const accounts = snapshot?.accounts;
  const sorted = useMemo(() => (accounts ? sortAccounts(accounts, sort) : []), [accounts, sort]);
  // Filtered in the keystroke's own render, not deferred: a deferred result is painted a frame later
  // at best, and the filter (narrowing the previous matches as the search grows) costs a few ms.
  const [filterIncrementally] = useState(incrementalFilter);
  const visible = useMemo(
    () => filterIncrementally(sorted, { search, filter, now }),
    [filterIncrementally, sorted, search, filter, now],
  );
  const onOpen = useCallback((accountId: string) => navigate({ name: 'account', accountId, tab: 'info' }), [navigate]);
  const onDelete = useCallback((account: AccountRow) => setDialog({ kind: 'delete', account }), []);

  if (!connection) {
    return (
      <div className="screen">
        <EmptyState
          title="No connection selected"
          action={
            <button type="button" className="button button--primary" onClick={() => navigate({ name: 'connections' })}>
              Go to Connections
            </button>
          }
        >
          <p>Add a connection to a TokenDesk server to browse its service accounts.</p>
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="screen screen--fill">
      <ScreenHeader
        title="Service accounts"
        subtitle={
          <>
            Domain <strong>{connection.domain}</strong>
            {snapshot ? <> · data as of {formatExact(snapshot.asOf)}</> : null}
          </>
        }
      >
        {snapshot ? (
          <div className="screen__actions">
            <AddButton
              label="New service account"
              blockedReason={createGate.reason}
              describedBy={createGate.allowed ? undefined : reasonId}
              onClick={() => setDialog({ kind: 'create' })}
            />
            {createGate.allowed ? null : (
              <p id={reasonId} className="blocked-reason">
                {createGate.reason}
              </p>
            )}
          </div>
        ) : null}
      </ScreenHeader>
      {snapshot ? (
        <>
          <AccountsToolbar
            search={search}
            filter={filter}
            sort={sort}
            onSearch={state.setSearch}
            onFilter={state.setFilter}
            onSort={state.setSort}
          />
          <p className="count-line" role="status">
            Showing {formatCount(visible.length)} of {formatCount(snapshot.accounts.length)} service accounts
          </p>
          <ToggleFailureNotice />
          {snapshot.accounts.length === 0 ? (
            <EmptyState title="No service accounts yet">
              <p>
                There are no service accounts in domain “{connection.domain}” on this server. Accounts created there
                appear here after the next sync.
              </p>
            </EmptyState>
          ) : visible.length === 0 ? (
            <EmptyState
              title="No service accounts match"
              action={
                <button type="button" className="button" onClick={state.clearFilters}>
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
              onScrollTopChange={state.setScrollTop}
            />
          )}
        </>
      ) : (
        <NoSnapshot
          loading={read.isPending}
          syncing={sync?.phase === 'syncing' ? syncingText(sync.progress) : null}
          offline={sync !== null && sync.link.state !== 'online'}
          error={(read.error ? appErrorOf(read.error) : null) ?? sync?.error ?? null}
        />
      )}
      {dialog?.kind === 'create' ? (
        <CreateAccountDialog
          connectionId={connection.id}
          onClose={() => setDialog(null)}
          onCreated={(account) => {
            setDialog(null);
            navigate({ name: 'account', accountId: account.id, tab: 'info' });
          }}
        />
      ) : null}
      {dialog?.kind === 'delete' ? (
        <DeleteAccountDialog
          connectionId={connection.id}
          account={dialog.account}
          tokenCount={dialog.account.tokenCount}
          onClose={() => setDialog(null)}
          onDeleted={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}

function noMatchText(search: string, filtered: boolean): string {
  const trimmed = search.trim();
  if (trimmed && filtered) return `No service account matches “${trimmed}” with this filter.`;
  if (trimmed) return `No service account name or description contains “${trimmed}”.`;
  return 'No service account fits this filter.';
}

type NoSnapshotProps = {
  loading: boolean;
  syncing: string | null;
  offline: boolean;
  error: { code: string; message: string } | null;
};

/** Before the first complete sync there is nothing cached to show; say what is happening. */
function NoSnapshot({ loading, syncing, offline, error }: NoSnapshotProps) {
  if (syncing) {
    return (
      <EmptyState title="Syncing service accounts">
        <p>{syncing}</p>
        <p className="muted">The list appears when the first sync is complete.</p>
      </EmptyState>
    );
  }
  if (loading) return <p className="muted">Loading service accounts…</p>;
  // Retrying is the top bar's one button; main also tries again by itself.
  return (
    <EmptyState title="Nothing synced yet">
      <p>
        {offline
          ? 'TokenDesk cannot sync this server now, and nothing has been synced from it yet. It tries again by itself; the top bar says when.'
          : 'TokenDesk has not synced this connection yet.'}
      </p>
      {error ? <ErrorMessage error={error} /> : null}
    </EmptyState>
  );
}
