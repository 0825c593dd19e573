import { memo, type KeyboardEvent } from 'react';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { EnabledBadge, RoleChips } from '../../components/badges.js';
import { ExpiryText } from '../../components/ExpiryText.js';
import { Truncate } from '../../components/Truncate.js';
import { formatCount } from '../../lib/numbers.js';

export type AccountGridRowProps = {
  account: AccountRow;
  index: number;
  top: number;
  now: number;
  focusable: boolean;
  onOpen: (accountId: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>, index: number) => void;
  onFocusRow: (index: number) => void;
};

/** One absolutely positioned row of the virtual grid. Memoised: scrolling re-renders only new rows. */
export const AccountGridRow = memo(function AccountGridRow({
  account,
  index,
  top,
  now,
  focusable,
  onOpen,
  onKeyDown,
  onFocusRow,
}: AccountGridRowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-label={account.name}
      data-index={index}
      data-account-id={account.id}
      className={`grid__row grid__row--body${account.enabled ? '' : ' grid__row--disabled'}`}
      tabIndex={focusable ? 0 : -1}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(account.id)}
      onKeyDown={(event) => onKeyDown(event, index)}
      onFocus={() => onFocusRow(index)}
    >
      <div role="gridcell" className="grid__cell grid__cell--name">
        <Truncate text={account.name} className="strong" />
      </div>
      <div role="gridcell" className="grid__cell">
        {account.description ? (
          <Truncate text={account.description} className="muted" />
        ) : (
          <span className="muted">—</span>
        )}
      </div>
      <div role="gridcell" className="grid__cell grid__cell--roles">
        <RoleChips roles={account.roles} max={2} />
      </div>
      <div role="gridcell" className="grid__cell">
        <EnabledBadge enabled={account.enabled} />
      </div>
      <div role="gridcell" className="grid__cell grid__cell--number">
        {formatCount(account.tokenCount)}
      </div>
      <div role="gridcell" className="grid__cell">
        <ExpiryText
          expiresAt={account.nextExpiry}
          now={now}
          noneText="—"
          noneTitle={account.tokenCount === 0 ? 'No tokens' : 'No token expires'}
        />
      </div>
    </div>
  );
});
