import type { AttentionConnection } from '../../../src-shared/ipc/attention.js';
import { formatAgo, formatExact } from '../../lib/time-format.js';

const LINK_WORDS: Record<AttentionConnection['link'], string> = {
  online: 'Online',
  offline: 'Offline: read-only',
  auth_failed: 'Token refused: read-only',
};

export type ConnectionPartsProps = {
  connections: readonly AttentionConnection[];
  /** Distinct tokens needing attention, by connection id. */
  counts: ReadonlyMap<string, number>;
  now: number;
};

/** Each connection's part of the view: how many of its tokens need attention, how old its data is, whether it can change. */
export function ConnectionParts({ connections, counts, now }: ConnectionPartsProps) {
  return (
    <ul className="attention-parts" aria-label="Connections">
      {connections.map((c) => (
        <li key={c.connectionId} className="attention-part">
          <span className="attention-part__name strong">{c.name}</span>
          <span className={`badge ${c.link === 'online' ? 'badge--ok' : 'badge--warn'}`}>{LINK_WORDS[c.link]}</span>
          <span className="muted small">
            {(counts.get(c.connectionId) ?? 0).toLocaleString('en')} to look at ·{' '}
            {c.asOf === null ? (
              'not synced yet'
            ) : (
              <span title={formatExact(c.asOf)}>data from {formatAgo(c.asOf, now)}</span>
            )}
          </span>
          {c.problem ? <span className="small attention-part__problem">{c.problem}</span> : null}
        </li>
      ))}
    </ul>
  );
}
