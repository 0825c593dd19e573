import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { attentionQuery } from '../../data/queries.js';
import { attentionRows } from './attention-rows.js';

/** The sidebar's count of tokens that need attention, across every connection; nothing when none do. */
export function AttentionBadge() {
  const { data } = useQuery(attentionQuery());
  const total = useMemo(() => (data ? attentionRows(data).total : 0), [data]);
  if (total === 0) return null;
  return (
    <span className="nav__badge">
      {total > 9999 ? '9999+' : total.toLocaleString('en')}
      <span className="visually-hidden"> tokens need attention</span>
    </span>
  );
}
