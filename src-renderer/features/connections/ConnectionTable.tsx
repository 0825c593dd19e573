import type { ConnectionView } from '../../../src-shared/ipc/models.js';
import { Truncate } from '../../components/Truncate.js';
import { formatAgo, formatExact } from '../../lib/time-format.js';
import { CREDENTIAL_LABELS } from './credential-labels.js';

export type ConnectionTableProps = {
  connections: readonly ConnectionView[];
  selectedId: string | null;
  now: number;
  onOpen: (connection: ConnectionView) => void;
  onEdit: (connection: ConnectionView) => void;
  onRemove: (connection: ConnectionView) => void;
};

export function ConnectionTable({ connections, selectedId, now, onOpen, onEdit, onRemove }: ConnectionTableProps) {
  return (
    <div className="table-wrap">
      <table className="table table--connections" aria-label="Connections">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Server URL and domain</th>
            <th scope="col">Token kept in</th>
            <th scope="col">Last sync</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {connections.map((connection) => {
            const credential = CREDENTIAL_LABELS[connection.credential];
            const active = connection.id === selectedId;
            return (
              <tr key={connection.id} aria-current={active ? 'true' : undefined}>
                <td className="cell-name">
                  <Truncate text={connection.name} className="strong" />
                </td>
                <td>
                  <Truncate text={connection.url} className="mono" />
                  <Truncate text={`domain ${connection.domain}`} className="muted small" />
                </td>
                <td>
                  <span className={`badge ${credential.tone}`} title={credential.explanation}>
                    {credential.label}
                  </span>
                </td>
                <td>
                  {connection.lastSyncedAt ? (
                    <span title={formatExact(connection.lastSyncedAt)}>{formatAgo(connection.lastSyncedAt, now)}</span>
                  ) : (
                    <span className="muted">Never</span>
                  )}
                </td>
                <td className="cell-actions">
                  {active ? (
                    <span className="badge badge--info" title="The connection the app is showing">
                      Active
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="button button--small button--ghost"
                      aria-label={`Open ${connection.name}`}
                      onClick={() => onOpen(connection)}
                    >
                      Open
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Edit ${connection.name}`}
                    onClick={() => onEdit(connection)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button button--small button--danger-ghost"
                    aria-label={`Remove ${connection.name}`}
                    onClick={() => onRemove(connection)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
