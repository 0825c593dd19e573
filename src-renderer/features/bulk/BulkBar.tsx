import { useId } from 'react';
import type { BulkAction } from './bulk-plan.js';

export type BulkBarProps = {
  /** What is selected ("3 tokens selected"). */
  label: string;
  /** Why nothing can change now (every selected token's server is out of reach), or null. */
  blockedReason: string | null;
  onAction: (action: BulkAction['kind']) => void;
  onClear: () => void;
};

/** The bar under a selection: how many, and the changes that apply to all of them (each starts with a dry run). */
export function BulkBar({ label, blockedReason, onAction, onClear }: BulkBarProps) {
  const reasonId = useId();
  const blocked = blockedReason !== null;
  const button = (action: BulkAction['kind'], label: string, tone = '') => (
    <button
      type="button"
      className={`button button--small${tone}`}
      disabled={blocked}
      aria-describedby={blocked ? reasonId : undefined}
      onClick={() => onAction(action)}
    >
      {label}
    </button>
  );
  return (
    <div className="bulk-bar" role="region" aria-label="Selection">
      <span className="bulk-bar__count strong">{label}</span>
      {blocked ? (
        <span className="muted small bulk-bar__reason" id={reasonId}>
          {blockedReason}
        </span>
      ) : null}
      <div className="bulk-bar__actions">
        {button('suspend', 'Suspend…')}
        {button('expiry', 'Set expiry…')}
        {button('delete', 'Delete…', ' button--danger-ghost')}
        <button type="button" className="button button--small button--ghost" onClick={onClear}>
          Clear selection
        </button>
      </div>
    </div>
  );
}
