import type { ReactNode } from 'react';
import { ChangeButton } from './ChangeButton.js';
import { useNarrowTable, type RowActions } from './DataTable.js';
import { Menu } from './Menu.js';
import { useCanChange } from './use-can-change.js';

export type RowAction = {
  label: ReactNode;
  /** The accessible name: the action and the row it acts on ("Delete ci-main"). */
  name: string;
  onClick: () => void;
  danger?: boolean;
  disabled?: boolean;
  /** Why the admin may not (offline is said by the button itself). */
  blockedReason?: string | null;
  title?: string | undefined;
  /** A line elsewhere on the page that says why the button is off. */
  describedBy?: string | undefined;
};

export type RowButtonsProps = {
  actions: readonly (RowAction | null)[];
  /** The row's name, for the menu the buttons fold into in a narrow table ("Actions for ci-main"). */
  rowName?: string;
};

/**
 * A table row's buttons, small, on one line; each changes server data, so each is a ChangeButton. In
 * a narrow table (DataTable's `NarrowTable`) they fold into one "Actions for …" menu.
 */
export function RowButtons({ actions, rowName }: RowButtonsProps) {
  const narrow = useNarrowTable();
  if (narrow) return <RowMenu actions={actions} rowName={rowName} />;
  return (
    <div className="row-buttons">
      {actions.map((action) =>
        action === null ? null : (
          <ChangeButton
            key={action.name}
            className={`button button--small${action.danger ? ' button--danger-ghost' : ''}`}
            aria-label={action.name}
            aria-describedby={action.describedBy}
            disabled={action.disabled}
            blockedReason={action.blockedReason}
            title={action.title}
            onClick={action.onClick}
          >
            {action.label}
          </ChangeButton>
        ),
      )}
    </div>
  );
}

/**
 * The row's actions as a menu: each item named as its button would be, and off for the same reason,
 * which the item then says on its own line (not only in a tooltip).
 */
function RowMenu({ actions, rowName }: RowButtonsProps) {
  const { canChange, reason } = useCanChange();
  return (
    <Menu
      label={rowName ? `Actions for ${rowName}` : 'Actions'}
      triggerName={rowName ? `Actions for ${rowName}` : 'Actions'}
      triggerClassName="button button--small row-menu__trigger"
      trigger={<span aria-hidden="true">⋯</span>}
      items={actions
        .filter((action): action is RowAction => action !== null)
        .map((action) => {
          const why = canChange ? (action.blockedReason ?? null) : reason;
          const off = action.disabled === true || why !== null;
          return {
            key: action.name,
            name: action.name,
            label: action.label,
            detail: off ? (why ?? action.title) : undefined,
            danger: action.danger,
            disabled: off,
            title: why ?? action.title,
            onSelect: action.onClick,
          };
        })}
    />
  );
}

/**
 * A DataTable's actions column of RowButtons: `actionsOf` says which a row has (null: not this one),
 * `nameOf` names the row for the menu they fold into when the table is narrow.
 */
export function buttonsColumn<T>(
  width: string | undefined,
  actionsOf: (row: T) => readonly (RowAction | null)[],
  nameOf?: (row: T) => string,
): RowActions<T> {
  return {
    width,
    narrowWidth: '64px',
    cell: (row) => <RowButtons actions={actionsOf(row)} rowName={nameOf?.(row)} />,
  };
}
