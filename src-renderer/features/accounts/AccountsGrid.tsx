import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { useFixedRows } from '../../components/use-fixed-rows.js';
import { AccountGridRow } from './AccountGridRow.js';
import { ACCOUNT_COLUMNS, HIDDEN_HEADERS, ROW_HEIGHT } from './columns.js';
import { useAccountAccess } from './use-account-access.js';

export type AccountsGridProps = {
  accounts: readonly AccountRow[];
  /**
   * What the rows are a result of (search, filter, sort). A new query starts the list at its top
   * row; the grid and its virtualizer stay, so a keystroke re-renders rows instead of rebuilding the grid.
   */
  query: string;
  now: number;
  initialScrollTop: number;
  onOpen: (accountId: string) => void;
  onDelete: (account: AccountRow) => void;
  onScrollTopChange: (top: number) => void;
  /** The accounts picked for a bulk change, by id. */
  selected: ReadonlySet<string>;
  onSelect: (accountId: string, shift: boolean) => void;
  /** Picks every account of the result, or none when all are picked. */
  onSelectAll: () => void;
};

/**
 * The service-account list as an ARIA grid, virtualized: only the rows in view (plus a few) are in
 * the DOM, so 10,000 accounts scroll smoothly. One row at a time is in the Tab order (roving
 * tabindex); arrows, Page Up/Down, Home and End move between rows, Enter opens one.
 */
export function AccountsGrid({
  accounts,
  query,
  now,
  initialScrollTop,
  onOpen,
  onDelete,
  onScrollTopChange,
  selected,
  onSelect,
  onSelectAll,
}: AccountsGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const access = useAccountAccess();
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const shownQueryAtScroll = useRef(query);
  // A new result starts at its first row (React's "adjust state while rendering" pattern: no extra pass).
  const [shownQuery, setShownQuery] = useState(query);
  if (shownQuery !== query) {
    setShownQuery(query);
    setActive(0);
  }
  // Rows are all ROW_HEIGHT tall, so which are in view is arithmetic: nothing per row of the list is
  // built or measured when a keystroke changes its length (see useFixedRows).
  const { items, totalSize, scrollOffset, scrollToOffset, scrollToIndex } = useFixedRows({
    count: accounts.length,
    rowHeight: ROW_HEIGHT,
    // Enough for a held arrow key or a wheel's step once scrolled. At the top, where every search
    // keystroke puts the list, one: each row beyond the view is laid out and painted again at every
    // keystroke (a fifth of a keystroke's frame with four), and the first scroll renders the rest.
    overscan: 4,
    overscanAtTop: 1,
    scrollRef,
    initialOffset: initialScrollTop,
    // Lets the first paint (and happy-dom tests, which have no layout) render rows before measuring.
    initialHeight: 600,
  });

  // Before paint, so the new result is never shown scrolled to where the old one was.
  useLayoutEffect(() => {
    if (query === shownQueryAtScroll.current) return;
    shownQueryAtScroll.current = query;
    pendingFocus.current = null;
    // Asking the virtualizer to scroll reads the element's scroll height, a forced layout on every
    // keystroke; its last seen offset says whether there is anything to do (usually not while typing).
    if (scrollOffset() !== 0) scrollToOffset(0);
  }, [query, scrollOffset, scrollToOffset]);
  const activeIndex = Math.min(active, Math.max(0, accounts.length - 1));

  const focusRow = useCallback(
    (index: number) => {
      const target = Math.max(0, Math.min(index, accounts.length - 1));
      setActive(target);
      pendingFocus.current = target;
      scrollToIndex(target);
    },
    [accounts.length, scrollToIndex],
  );

  // Move DOM focus once the target row is rendered (it may only appear after the scroll above).
  useEffect(() => {
    const target = pendingFocus.current;
    if (target === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${target}"]`);
    if (row) {
      pendingFocus.current = null;
      row.focus({ preventScroll: true });
    }
  });

  const keyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>, rowIndex: number) => {
      // Keys pressed before a scrolled-to row has rendered still arrive at the old row: act on the
      // row the user moved to, not the one that happens to hold focus.
      const index = pendingFocus.current ?? rowIndex;
      const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
      const moves: Record<string, number> = {
        ArrowDown: index + 1,
        ArrowUp: index - 1,
        PageDown: index + page,
        PageUp: index - page,
        Home: 0,
        End: accounts.length - 1,
      };
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        const account = accounts[index];
        if (account) onOpen(account.id);
        return;
      }
      const next = moves[event.key];
      if (next === undefined) return;
      event.preventDefault();
      focusRow(next);
    },
    [accounts, focusRow, onOpen],
  );
  // The rows get one function for the grid's life: a new one per result would render every row again.
  const latestKeyDown = useRef(keyDown);
  useLayoutEffect(() => {
    latestKeyDown.current = keyDown;
  }, [keyDown]);
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>, rowIndex: number) => latestKeyDown.current(event, rowIndex),
    [],
  );

  // If the active row is scrolled away, keep the grid reachable by Tab through the first visible row.
  const activeRendered = items.some((item) => item.index === activeIndex);
  const tabbable = activeRendered ? activeIndex : (items[0]?.index ?? -1);

  return (
    <div
      className="grid"
      role="grid"
      aria-label="Service accounts"
      aria-rowcount={accounts.length + 1}
      aria-colcount={ACCOUNT_COLUMNS.length}
    >
      <div role="rowgroup" className="grid__head">
        <div role="row" aria-rowindex={1} className="grid__row grid__row--head">
          {ACCOUNT_COLUMNS.map((column) => (
            <div key={column} role="columnheader" className="grid__cell">
              {column === 'Select' ? (
                <SelectAll
                  count={accounts.filter((a) => selected.has(a.id)).length}
                  of={accounts.length}
                  onChange={onSelectAll}
                />
              ) : HIDDEN_HEADERS.includes(column) ? (
                <span className="visually-hidden">{column}</span>
              ) : (
                column
              )}
            </div>
          ))}
        </div>
      </div>
      <div
        ref={scrollRef}
        className="grid__scroll"
        onScroll={(event) => onScrollTopChange(event.currentTarget.scrollTop)}
      >
        {/* The list's height is the spacer's, not the rows' box's: a change of height (every keystroke)
            then leaves the rows' containing block as it was, and Chromium does not lay them out again. */}
        <div className="grid__spacer" style={{ height: totalSize }} />
        <div role="rowgroup" className="grid__body">
          {items.map((item) => {
            const account = accounts[item.index];
            if (!account) return null;
            return (
              <AccountGridRow
                // By place, not by account: a new result shows other accounts in the same row elements
                // (their text changes), rather than building a screenful of rows anew at each keystroke.
                key={item.index}
                account={account}
                index={item.index}
                top={item.start}
                now={now}
                focusable={item.index === tabbable}
                onOpen={onOpen}
                onDelete={onDelete}
                onKeyDown={onKeyDown}
                onFocusRow={setActive}
                access={access}
                selected={selected.has(account.id)}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** The header's checkbox: every account of the result picked, some, or none. */
function SelectAll({ count, of, onChange }: { count: number; of: number; onChange: () => void }) {
  return (
    <input
      type="checkbox"
      className="attention__check"
      aria-label={`Select all ${of.toLocaleString('en')} shown`}
      checked={count > 0 && count === of}
      ref={(input) => {
        if (input) input.indeterminate = count > 0 && count < of;
      }}
      onChange={onChange}
    />
  );
}
