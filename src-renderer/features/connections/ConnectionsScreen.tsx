import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ConnectionView } from '../../../src-shared/ipc/models.js';
import { appErrorOf } from '../../bridge.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useNow } from '../../components/use-now.js';
import { useSelectedConnectionId } from '../../data/connection-data.js';
import { loadConnections, openConnection } from '../../data/open-connection.js';
import { appInfoQuery, connectionsQuery } from '../../data/queries.js';
import { keepsDataOnDisk } from '../../lib/keychain-words.js';
import { useAppStore } from '../../store/app-store.js';
import { ConnectionDialog } from './ConnectionDialog.js';
import { ConnectionTable } from './ConnectionTable.js';
import { KeyringNotice } from '../../components/KeyringNotice.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { RemoveConnectionDialog } from './RemoveConnectionDialog.js';

type OpenDialog =
  | { kind: 'add' }
  | { kind: 'edit'; connection: ConnectionView }
  | { kind: 'remove'; connection: ConnectionView }
  | null;

const NONE: readonly ConnectionView[] = [];

/** The servers this app talks to: list, add, edit, remove. Local changes, so they work offline too. */
export function ConnectionsScreen() {
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const now = useNow(30_000);
  const list = useQuery(connectionsQuery());
  const connections = list.data ?? NONE;
  const keyring = useQuery(appInfoQuery()).data?.keyring ?? null;
  const selectedId = useSelectedConnectionId();
  const navigate = useAppStore((state) => state.navigate);
  // Each dialog starts afresh: its calls' state goes with it.
  const open = setDialog;
  const close = () => setDialog(null);

  const addButton = (
    <button type="button" className="button button--primary" onClick={() => open({ kind: 'add' })}>
      Add connection
    </button>
  );

  return (
    <div className="screen">
      <ScreenHeader
        title="Connections"
        subtitle="TokenDesk servers you manage, each with one domain and your admin token."
      >
        {connections.length > 0 ? addButton : null}
      </ScreenHeader>
      {keyring && !keyring.secure ? <KeyringNotice keyring={keyring} /> : null}

      {list.error ? (
        <div className="inline-error">
          <ErrorMessage error={appErrorOf(list.error)} prefix="Could not load connections:" />
          <button type="button" className="button button--small" onClick={() => void loadConnections()}>
            Try again
          </button>
        </div>
      ) : list.isPending ? (
        <p className="muted">Loading connections…</p>
      ) : connections.length === 0 ? (
        <EmptyState title="No connections yet" action={addButton}>
          <p>
            A connection is a TokenDesk server, the domain you manage on it, and your admin token. Add one to browse its
            service accounts and tokens;{' '}
            {keepsDataOnDisk(keyring)
              ? 'TokenDesk keeps an encrypted copy so you can still browse when offline.'
              : 'TokenDesk keeps a copy in memory so you can still browse while it runs, even when the server is offline.'}
          </p>
        </EmptyState>
      ) : (
        <ConnectionTable
          connections={connections}
          selectedId={selectedId}
          now={now}
          onOpen={(connection) => {
            openConnection(connection.id);
            navigate({ name: 'accounts' });
          }}
          onEdit={(connection) => open({ kind: 'edit', connection })}
          onRemove={(connection) => open({ kind: 'remove', connection })}
        />
      )}

      {dialog?.kind === 'add' || dialog?.kind === 'edit' ? (
        <ConnectionDialog
          connection={dialog.kind === 'edit' ? dialog.connection : undefined}
          onClose={close}
          onSaved={() => {
            const added = dialog.kind === 'add';
            close();
            if (added) navigate({ name: 'accounts' });
          }}
        />
      ) : null}
      {dialog?.kind === 'remove' ? <RemoveConnectionDialog connection={dialog.connection} onClose={close} /> : null}
    </div>
  );
}
