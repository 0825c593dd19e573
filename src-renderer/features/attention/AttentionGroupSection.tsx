import { useId, useState } from 'react';
import { attentionGroupText, type AttentionGroup } from '../../../src-shared/attention.js';
import { TokenStatusBadge } from '../../components/badges.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { ExpiryText } from '../../components/ExpiryText.js';
import { PastTime } from '../../components/time-text.js';
import type { AttentionRow } from './attention-rows.js';
import { openToken } from './open-token.js';

/** Rows shown at first, and added by each "Show more": a group of 10,000 stays quick to open. */
export const PAGE_ROWS = 50;

export type AttentionGroupSectionProps = {
  group: AttentionGroup;
  rows: readonly AttentionRow[];
  unusedDays: number;
  now: number;
  /** Several connections: each row names its own. */
  showConnection: boolean;
  selected: ReadonlySet<string>;
  onClick: (row: AttentionRow, shift: boolean) => void;
  onSelectAll: () => void;
};

/** One group of the Attention view: what it is, why it matters, and its tokens, selectable. */
export function AttentionGroupSection(props: AttentionGroupSectionProps) {
  const { group, rows, unusedDays, now, showConnection, selected } = props;
  const { title, why } = attentionGroupText(group, unusedDays);
  const [shown, setShown] = useState(PAGE_ROWS);
  const titleId = useId();
  const count = rows.reduce((n, row) => n + (selected.has(row.key) ? 1 : 0), 0);
  const all = count === rows.length;

  const columns: Column<AttentionRow>[] = [
    {
      header: 'Select',
      headerHidden: true,
      width: '44px',
      narrowWidth: '44px',
      cell: (row) => (
        <input
          type="checkbox"
          className="attention__check"
          aria-label={`Select ${row.item.token.name} of ${row.account.name}`}
          checked={selected.has(row.key)}
          onChange={(event) => props.onClick(row, (event.nativeEvent as MouseEvent).shiftKey)}
        />
      ),
    },
    {
      header: 'Token',
      rowHeader: true,
      className: 'cell-name',
      cell: (row) => (
        <>
          <button
            type="button"
            className="link-button strong"
            onClick={() => openToken(row.connection.connectionId, row.account.id)}
          >
            {row.item.token.name}
          </button>
          <div className="muted small attention__where">
            {row.account.name}
            {showConnection ? ` · ${row.connection.name}` : null}
          </div>
        </>
      ),
    },
    {
      header: 'Status',
      width: '160px',
      cell: (row) => <TokenStatusBadge status={row.item.token.status} leak={row.item.token.leak} />,
    },
    group === 'policy'
      ? { header: 'Rule broken', width: '34%', cell: (row) => <span className="small">{row.item.policy}</span> }
      : {
          header: 'Expires',
          width: '150px',
          cell: (row) => <ExpiryText expiresAt={row.item.token.expiresAt} now={now} noneText="Never" />,
        },
    {
      header: 'Last used',
      width: '140px',
      priority: 'low',
      cell: (row) => <PastTime at={row.item.token.lastUsedAt} now={now} />,
    },
  ];

  return (
    <section className="attention-group" aria-labelledby={titleId}>
      <div className="attention-group__head">
        <div>
          <h2 className="attention-group__title" id={titleId}>
            {title} <span className="attention-group__count">{rows.length.toLocaleString('en')}</span>
          </h2>
          <p className="muted attention-group__why">{why}</p>
        </div>
        <label className="checkbox attention-group__all">
          <input
            type="checkbox"
            checked={all}
            ref={(input) => {
              if (input) input.indeterminate = count > 0 && !all;
            }}
            onChange={props.onSelectAll}
          />
          Select all {rows.length.toLocaleString('en')}
        </label>
      </div>
      <DataTable
        label={title}
        className="table--attention"
        columns={columns}
        rows={rows.slice(0, shown)}
        rowKey={(row) => row.key}
        rowProps={(row) => (selected.has(row.key) ? { className: 'row--selected' } : {})}
        empty={null}
        narrowBelow={760}
      />
      {rows.length > shown ? (
        <button
          type="button"
          className="button button--small attention-group__more"
          onClick={() => setShown(shown + 200)}
        >
          Show {Math.min(200, rows.length - shown).toLocaleString('en')} more of{' '}
          {(rows.length - shown).toLocaleString('en')} not shown
        </button>
      ) : null}
    </section>
  );
}
