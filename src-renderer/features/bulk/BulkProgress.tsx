import type { BulkOutcome } from './run-bulk.js';
import { TokenLabel, type PlannedRow } from './BulkPreview.js';
import { plural } from './bulk-words.js';

export type BulkProgressProps = {
  rows: readonly PlannedRow[];
  /** Each row's outcome, null while it waits or runs. */
  outcomes: readonly (BulkOutcome | null)[];
  doneWord: string;
};

const ORDER: Record<BulkOutcome['kind'], number> = { failed: 0, cancelled: 1, done: 2 };

/** The change as it runs: a progress bar, then a summary and each token's own result, failures first. */
export function BulkProgress({ rows, outcomes, doneWord }: BulkProgressProps) {
  const ended = outcomes.filter((o) => o !== null);
  const count = (kind: BulkOutcome['kind']) => ended.filter((o) => o.kind === kind).length;
  const finished = ended.length === rows.length;
  const listed = rows
    .map((row, i) => ({ row, outcome: outcomes[i] ?? null }))
    .filter((r): r is { row: PlannedRow; outcome: BulkOutcome } => r.outcome !== null)
    .sort((a, b) => ORDER[a.outcome.kind] - ORDER[b.outcome.kind]);
  return (
    <div className="bulk-progress">
      <label className="bulk-progress__label">
        <span>
          {finished ? 'Finished' : 'Working'}: {ended.length.toLocaleString('en')} of {rows.length.toLocaleString('en')}
        </span>
        <progress max={rows.length} value={ended.length} className="bulk-progress__bar" />
      </label>
      <p className="bulk-progress__summary" role="status">
        {doneWord}: {count('done').toLocaleString('en')}. Failed: {count('failed').toLocaleString('en')}.
        {count('cancelled') > 0 ? ` Not sent, because you stopped: ${plural(count('cancelled'), 'token')}.` : ''}
      </p>
      <ul className="bulk-list" aria-label="Results">
        {listed.slice(0, 500).map(({ row, outcome }) => (
          <li key={row.target.key} className={`bulk-list__item bulk-list__item--${outcome.kind}`}>
            <TokenLabel target={row.target} />
            <span className="bulk-list__reason">
              {outcome.kind === 'done'
                ? doneWord
                : outcome.kind === 'failed'
                  ? `Failed: ${outcome.message}`
                  : 'Not sent'}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
