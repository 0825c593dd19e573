import type { ReactNode } from 'react';
import { ChangeButton } from './ChangeButton.js';
import type { RowActions } from './DataTable.js';

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

export type RowButtonsProps = { actions: readonly (RowAction | null)[] };

/** A table row's buttons, small, two to a line; each changes server data, so each is a ChangeButton. */
export function RowButtons({ actions }: RowButtonsProps) {
  return (
    <div className="token-actions">
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

/** A DataTable's actions column of RowButtons: `actionsOf` says which a row has (null: not this one). */
export function buttonsColumn<T>(
  width: string | undefined,
  actionsOf: (row: T) => readonly (RowAction | null)[],
): RowActions<T> {
  return { width, cell: (row) => <RowButtons actions={actionsOf(row)} /> };
}
