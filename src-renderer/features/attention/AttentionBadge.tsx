import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSelectedConnectionId, useSnapshot } from '../../data/connection-data.js';
import { attentionQuery } from '../../data/queries.js';
import { attentionRows } from './attention-rows.js';

/**
 * The sidebar's count of tokens that need attention, across every connection; nothing when none do.
 * Asked once the connection shown has its list: reading every cache's tokens comes second.
 */
export function AttentionBadge() {
  const shown = useSelectedConnectionId();
  const listed = useSnapshot().isFetched;
  const { data } = useQuery({ ...attentionQuery(), enabled: shown === null || listed });
  const total = useMemo(() => (data ? attentionRows(data).total : 0), [data]);
  if (total === 0) return null;
  return (
    <span className="nav__badge">
      {total > 9999 ? '9999+' : total.toLocaleString('en')}
      <span className="visually-hidden"> tokens need attention</span>
    </span>
  );
}
