import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useSelectedConnectionId } from '../data/connection-data.js';
import { openConnection } from '../data/open-connection.js';
import { connectionsQuery } from '../data/queries.js';

/** Sidebar select for the active connection; switching loads its cache and syncs it. */
export function ConnectionSwitcher() {
  const id = useId();
  const connections = useQuery(connectionsQuery()).data ?? [];
  const selectedId = useSelectedConnectionId();
  if (connections.length === 0) return null;
  const selected = connections.find((c) => c.id === selectedId);
  return (
    <div className="switcher">
      <label htmlFor={id} className="switcher__label">
        Connection
      </label>
      <select
        id={id}
        className="select switcher__select"
        value={selectedId ?? ''}
        title={selected ? `${selected.name} — ${selected.url}` : undefined}
        onChange={(event) => openConnection(event.target.value)}
      >
        {selectedId === null ? <option value="">Choose a connection</option> : null}
        {connections.map((connection) => (
          <option key={connection.id} value={connection.id}>
            {connection.name}
          </option>
        ))}
      </select>
      {selected ? (
        <p className="switcher__meta truncate" title={`${selected.url} · domain ${selected.domain}`}>
          {hostOf(selected.url)} · {selected.domain}
        </p>
      ) : null}
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
