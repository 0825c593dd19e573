import { useId, type KeyboardEvent, type ReactNode } from 'react';

export type SwitchProps = {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** Visible label after the switch; it is also the switch's name unless `ariaLabel` is given. */
  label?: ReactNode;
  ariaLabel?: string;
  disabled?: boolean;
  /** Why it is disabled, as a tooltip and accessible description. */
  title?: string | undefined;
  /** The change is on its way to the server. */
  busy?: boolean;
  describedBy?: string | undefined;
  tabIndex?: number;
  className?: string;
};

/**
 * An on/off switch: a button with role="switch" and aria-checked, so Space and Enter toggle it and
 * screen readers say "on"/"off". Clicks and keys stop at the button: inside a clickable row, flipping
 * the switch must not also open the row. A click on the visible label reaches the button as the
 * browser's own click, but the label's click itself goes on up: inside a clickable row, name the
 * switch with `ariaLabel` (the row says what it is about) rather than a visible label.
 */
export function Switch({
  checked,
  onChange,
  label,
  ariaLabel,
  disabled = false,
  title,
  busy = false,
  describedBy,
  tabIndex,
  className,
}: SwitchProps) {
  const id = useId();
  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === 'Enter' || event.key === ' ') event.stopPropagation();
  }
  return (
    <span className={`switch-field${className ? ` ${className}` : ''}`}>
      <button
        id={id}
        type="button"
        role="switch"
        className="switch"
        aria-checked={checked}
        aria-label={ariaLabel}
        aria-busy={busy || undefined}
        aria-describedby={describedBy}
        disabled={disabled}
        title={title}
        tabIndex={tabIndex}
        onKeyDown={onKeyDown}
        onClick={(event) => {
          event.stopPropagation();
          if (!busy) onChange(!checked);
        }}
      >
        <span className="switch__thumb" aria-hidden="true" />
      </button>
      {label ? (
        <label htmlFor={id} className="switch-field__label">
          {label}
        </label>
      ) : null}
    </span>
  );
}
