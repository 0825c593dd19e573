import type { ConnectionView } from '../../../src-shared/ipc/models.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { PastTime } from '../../components/time-text.js';
import { Truncate } from '../../components/Truncate.js';
import { formatAgo } from '../../lib/time-format.js';
import { CREDENTIAL_LABELS } from './credential-labels.js';

export type ConnectionTableProps = {
  connections: readonly ConnectionView[];
  selectedId: string | null;
  now: number;
  onOpen: (connection: ConnectionView) => void;
  onEdit: (connection: ConnectionView) => void;
  onRemove: (connection: ConnectionView) => void;
};

const columns = (now: number): Column<ConnectionView>[] => [
  {
    header: 'Name',
    className: 'cell-name',
    cell: (connection) => <Truncate text={connection.name} className="strong" />,
  },
  {
    header: 'Server URL and domain',
    cell: (connection) => (
      <>
        <Truncate text={connection.url} className="mono" />
        <Truncate text={`domain ${connection.domain}`} className="muted small" />
      </>
    ),
  },
  {
    header: 'Token kept in',
    width: '190px',
    cell: ({ credential }) => (
      <span className={`badge ${CREDENTIAL_LABELS[credential].tone}`} title={CREDENTIAL_LABELS[credential].explanation}>
        {CREDENTIAL_LABELS[credential].label}
      </span>
    ),
  },
  {
    header: 'Last sync',
    width: '120px',
    cell: (connection) => <PastTime at={connection.lastSyncedAt} now={now} words={formatAgo} />,
  },
];

/**
 * The saved connections. Their buttons are plain ones, not ChangeButtons: a connection lives on this
 * computer, so opening, editing and removing one work offline too.
 */
export function ConnectionTable({ connections, selectedId, now, onOpen, onEdit, onRemove }: ConnectionTableProps) {
  return (
    <DataTable
      label="Connections"
      className="table--connections"
      columns={columns(now)}
      rows={connections}
      rowKey={(connection) => connection.id}
      rowProps={(connection) => ({ 'aria-current': connection.id === selectedId ? 'true' : undefined })}
      // The screen says what to do when there are none.
      empty={null}
      actions={{
        width: '210px',
        cell: (connection) => (
          <>
            {connection.id === selectedId ? (
              <span className="badge badge--info" title="The connection the app is showing">
                Active
              </span>
            ) : (
              <LocalButton label="Open" row={connection.name} tone="ghost" onClick={() => onOpen(connection)} />
            )}
            <LocalButton label="Edit" row={connection.name} onClick={() => onEdit(connection)} />
            <LocalButton
              label="Remove"
              row={connection.name}
              tone="danger-ghost"
              onClick={() => onRemove(connection)}
            />
          </>
        ),
      }}
    />
  );
}

type LocalButtonProps = { label: string; row: string; tone?: 'ghost' | 'danger-ghost'; onClick: () => void };

/** A row's button named for the action and the connection ("Edit Production"). */
function LocalButton({ label, row, tone, onClick }: LocalButtonProps) {
  return (
    <button
      type="button"
      className={`button button--small${tone ? ` button--${tone}` : ''}`}
      aria-label={`${label} ${row}`}
      onClick={onClick}
    >
      {label}
    </button>
  );
}
