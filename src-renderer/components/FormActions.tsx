import type { ReactNode } from 'react';
import { ChangeButton } from './ChangeButton.js';

export type FormActionsProps = {
  /** The main button's words, and what it says while its change runs. */
  label: string;
  busyLabel?: string;
  busy?: boolean;
  tone?: 'primary' | 'danger';
  /** A click on the main button; without it, the main button submits the form it stands in. */
  onAct?: () => void;
  /** Off for a reason of the form's own (nothing typed yet); `blockedReason` is the admin's. */
  disabled?: boolean;
  /** Why the admin may not do this (roles, groups); offline is said by the button itself. */
  blockedReason?: string | null;
  title?: string | undefined;
  describedBy?: string | undefined;
  /**
   * A change on this computer only (a connection, the reveal): allowed offline, so a plain button
   * rather than a ChangeButton.
   */
  local?: boolean;
  /** Without it, no Cancel button (the reveal closes only through its main button). */
  onCancel?: () => void;
  cancelLabel?: string;
  /** What stands at the start of the footer: another action, or why the main button is off. */
  children?: ReactNode;
};

/** A dialog's or form's footer: anything extra on the left, then Cancel and the main button on the right. */
export function FormActions(props: FormActionsProps) {
  const { label, busyLabel = label, busy = false, tone = 'primary', onAct, disabled = false, local = false } = props;
  const { onCancel, cancelLabel = 'Cancel', children } = props;
  const main = {
    type: onAct ? ('button' as const) : ('submit' as const),
    className: `button button--${tone}`,
    disabled: busy || disabled,
    title: props.title,
    'aria-describedby': props.describedBy,
    onClick: onAct,
    children: busy ? busyLabel : label,
  };
  return (
    <div className="form__actions">
      {children}
      <span className="form__spacer" />
      {onCancel ? (
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {cancelLabel}
        </button>
      ) : null}
      {local ? <button {...main} /> : <ChangeButton {...main} blockedReason={props.blockedReason} />}
    </div>
  );
}
