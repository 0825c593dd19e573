import type { BulkAction, BulkTarget, BulkVerdict } from './bulk-plan.js';
import { plural } from './bulk-words.js';

export interface PlannedRow {
  target: BulkTarget;
  verdict: BulkVerdict;
}

/** Rows listed per part of the dry run; the rest are counted ("and 1,200 more"). */
const LISTED = 200;

const what = (action: BulkAction) =>
  action.kind === 'suspend'
    ? 'Will be suspended'
    : action.kind === 'delete'
      ? 'Will be deleted'
      : `Will expire on ${new Date(action.expiresAt).toLocaleString()}`;

/** The dry run: what will change, what is refused and why, what needs no change. */
export function BulkPreview({ rows, action }: { rows: readonly PlannedRow[]; action: BulkAction }) {
  const parts: { title: string; tone: string; rows: PlannedRow[] }[] = [
    { title: what(action), tone: 'change', rows: rows.filter((r) => r.verdict.kind === 'change') },
    { title: 'Refused', tone: 'refused', rows: rows.filter((r) => r.verdict.kind === 'refused') },
    { title: 'No change needed', tone: 'unchanged', rows: rows.filter((r) => r.verdict.kind === 'unchanged') },
  ];
  return (
    <div className="bulk-preview">
      {parts
        .filter((part) => part.rows.length > 0)
        .map((part) => (
          <section key={part.tone} className={`bulk-part bulk-part--${part.tone}`} aria-label={part.title}>
            <h3 className="bulk-part__title">
              {part.title} <span className="attention-group__count">{part.rows.length.toLocaleString('en')}</span>
            </h3>
            <ul className="bulk-list">
              {part.rows.slice(0, LISTED).map(({ target, verdict }) => (
                <li key={target.key} className="bulk-list__item">
                  <TokenLabel target={target} />
                  {verdict.kind === 'change' ? null : <span className="bulk-list__reason">{verdict.reason}</span>}
                </li>
              ))}
            </ul>
            {part.rows.length > LISTED ? (
              <p className="muted small">And {plural(part.rows.length - LISTED, 'more token')}.</p>
            ) : null}
          </section>
        ))}
    </div>
  );
}

export function TokenLabel({ target }: { target: BulkTarget }) {
  return (
    <span className="bulk-list__token">
      <span className="strong">{target.token.name}</span>
      <span className="muted small">
        {' '}
        {target.account.name} · {target.connection.name}
      </span>
    </span>
  );
}
