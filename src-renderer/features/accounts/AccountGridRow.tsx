import { memo, type KeyboardEvent } from 'react';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { RoleChips, UsedByThisAppBadge } from '../../components/badges.js';
import { GatedButton } from '../../components/ChangeButton.js';
import { ExpiryText } from '../../components/ExpiryText.js';
import { TrashIcon } from '../../components/icons.js';
import { Truncate } from '../../components/Truncate.js';
import { formatCount } from '../../lib/numbers.js';
import { EnabledSwitch } from './EnabledSwitch.js';
import type { AccountAccess } from './use-account-access.js';

export type AccountGridRowProps = {
  account: AccountRow;
  index: number;
  top: number;
  now: number;
  focusable: boolean;
  onOpen: (accountId: string) => void;
  onDelete: (account: AccountRow) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>, index: number) => void;
  onFocusRow: (index: number) => void;
  /** The list's one AccountAccess; a row reads nothing from the cache itself (see AccountAccess). */
  access: AccountAccess;
  /** Picked for a bulk change of its tokens. */
  selected: boolean;
  onSelect: (accountId: string, shift: boolean) => void;
};

/**
 * One absolutely positioned row of the virtual grid. Memoised, and every prop but the account's own
 * stays the same while the row keeps its place: scrolling or a search keystroke renders only the
 * rows that show a different account or moved.
 */
export const AccountGridRow = memo(function AccountGridRow({
  account,
  index,
  top,
  now,
  focusable,
  onOpen,
  onDelete,
  onKeyDown,
  onFocusRow,
  access,
  selected,
  onSelect,
}: AccountGridRowProps) {
  // Offline first, then the admin's roles, from the list's one read.
  const gate = access.changeGate(account);
  const own = account.id === access.ownAccountId;
  // Only the active row's controls are in the Tab order, like the row itself (roving tabindex).
  const controlTab = focusable ? 0 : -1;
  const description = account.description ? (
    <Truncate text={account.description} className="muted" />
  ) : (
    <span className="muted">—</span>
  );
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-label={account.name}
      data-index={index}
      data-account-id={account.id}
      aria-selected={selected}
      className={`grid__row grid__row--body${account.enabled ? '' : ' grid__row--disabled'}${selected ? ' row--selected' : ''}`}
      tabIndex={focusable ? 0 : -1}
      // Placed by `top`, not a transform: a row element keeps its place for good (the grid keys rows by
      // place), and a transform per row is a paint property node per row that every frame walks.
      style={{ top }}
      onClick={() => onOpen(account.id)}
      onKeyDown={(event) => onKeyDown(event, index)}
      onFocus={() => onFocusRow(index)}
    >
      <div role="gridcell" className="grid__cell grid__cell--select">
        <input
          type="checkbox"
          className="attention__check"
          aria-label={`Select ${account.name}`}
          checked={selected}
          tabIndex={controlTab}
          // The row opens on a click; picking it must not.
          onClick={(event) => event.stopPropagation()}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === ' ') event.stopPropagation();
          }}
          onChange={(event) => onSelect(account.id, (event.nativeEvent as MouseEvent).shiftKey)}
        />
      </div>
      <div role="gridcell" className="grid__cell grid__cell--name">
        <Truncate text={account.name} className="strong" />
      </div>
      {/* The mark leads the description, not the name: in a narrow window the name column is too
          short for both, and the description folds under the name, so the name stays whole. */}
      <div role="gridcell" className="grid__cell">
        {own ? (
          <span className="badge-with-text">
            <UsedByThisAppBadge />
            {description}
          </span>
        ) : (
          description
        )}
      </div>
      <div role="gridcell" className="grid__cell grid__cell--roles">
        <RoleChips roles={account.roles} max={2} />
      </div>
      <div role="gridcell" className="grid__cell">
        {/* Not keyed by account: the switch stays as the row's account changes, and closes a
            confirmation opened for another account itself (EnabledSwitch). */}
        <EnabledSwitch account={account} variant="row" tabIndex={controlTab} access={access} />
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
      <div role="gridcell" className="grid__cell grid__cell--actions">
        <GatedButton
          className="icon-button icon-button--danger"
          aria-label={`Delete ${account.name}`}
          title={`Delete ${account.name}`}
          blockedReason={gate.reason}
          tabIndex={controlTab}
          onClick={(event) => {
            event.stopPropagation();
            onDelete(account);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === ' ') event.stopPropagation();
          }}
        >
          <TrashIcon />
        </GatedButton>
      </div>
    </div>
  );
});
