import { useQuery } from '@tanstack/react-query';
import { SelectField } from '../components/SelectField.js';
import { useSelectedConnectionId } from '../data/connection-data.js';
import { openConnection } from '../data/open-connection.js';
import { connectionsQuery } from '../data/queries.js';

/** Sidebar select for the active connection; switching loads its cache and syncs it. */
export function ConnectionSwitcher() {
  const connections = useQuery(connectionsQuery()).data ?? [];
  const selectedId = useSelectedConnectionId();
  if (connections.length === 0) return null;
  const selected = connections.find((c) => c.id === selectedId);
  const options = connections.map((connection) => ({ value: connection.id, label: connection.name }));
  return (
    <SelectField
      label="Connection"
      value={selectedId ?? ''}
      onChange={openConnection}
      options={selectedId === null ? [{ value: '', label: 'Choose a connection' }, ...options] : options}
      className="switcher"
      labelClassName="switcher__label"
      selectClassName="select switcher__select"
      title={selected ? `${selected.name} — ${selected.url}` : undefined}
    >
      {selected ? (
        <p className="switcher__meta truncate" title={`${selected.url} · domain ${selected.domain}`}>
          {hostOf(selected.url)} · {selected.domain}
        </p>
      ) : null}
    </SelectField>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
