import { useCallback, useId, useState } from 'react';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { appErrorOf } from '../../bridge.js';
import { AddButton } from '../../components/AddButton.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { useSelectedConnection, useSelectedSyncStatus, useSnapshot } from '../../data/connection-data.js';
import { formatExact } from '../../lib/time-format.js';
import { useAppStore } from '../../store/app-store.js';
import { syncingText } from '../sync/sync-text.js';
import { ExportDialog } from '../export/ExportDialog.js';
import { AccountsResults } from './AccountsResults.js';
import { AccountsToolbar } from './AccountsToolbar.js';
import { CreateAccountDialog } from './CreateAccountDialog.js';
import { DeleteAccountDialog } from './DeleteAccountDialog.js';
import { ToggleFailureNotice } from './ToggleFailureNotice.js';
import { useCreateGate } from './use-account-access.js';

/** One element for good: the results place it under their count without rendering it again. */
const FAILURE_NOTICE = <ToggleFailureNotice />;

type OpenDialog = { kind: 'create' } | { kind: 'delete'; account: AccountRow } | { kind: 'export' } | null;

/** Every service account of the selected connection's snapshot: search, filter, sort, open, create, delete. */
export function AccountsScreen() {
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const createGate = useCreateGate();
  const reasonId = useId();
  const connection = useSelectedConnection();
  const sync = useSelectedSyncStatus();
  const read = useSnapshot();
  const snapshot = read.data ?? null;
  const navigate = useAppStore((s) => s.navigate);
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
            <button type="button" className="button" onClick={() => setDialog({ kind: 'export' })}>
              Export…
            </button>
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
          <AccountsToolbar />
          <AccountsResults
            accounts={snapshot.accounts}
            domain={connection.domain}
            notice={FAILURE_NOTICE}
            onOpen={onOpen}
            onDelete={onDelete}
          />
        </>
      ) : (
        <NoSnapshot
          loading={read.isPending}
          syncing={sync?.phase === 'syncing' ? syncingText(sync.progress) : null}
          offline={sync !== null && sync.link.state !== 'online'}
          error={(read.error ? appErrorOf(read.error) : null) ?? sync?.error ?? null}
        />
      )}
      {dialog?.kind === 'export' ? (
        <ExportDialog connection={connection} attentionOnly={false} onClose={() => setDialog(null)} />
      ) : null}
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
