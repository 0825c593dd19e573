import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { usePopoverPlacement } from './popover-position.js';

export type MenuItem = {
  key: string;
  /** What the item says; `detail` goes on a smaller line under it. */
  label: ReactNode;
  detail?: ReactNode;
  /** Hides `detail` from screen readers when it only illustrates (a pattern, not a reason). */
  detailHidden?: boolean;
  /** The accessible name when `label` alone is not it ("Delete ci-main"). */
  name?: string;
  danger?: boolean;
  /** Off: still focusable (so its reason can be read), but choosing it does nothing. */
  disabled?: boolean;
  title?: string | undefined;
  onSelect: () => void;
};

export type MenuProps = {
  /** The menu's accessible name ("Copy as", "Actions for ci-main"). */
  label: string;
  /** The trigger's visible content. */
  trigger: ReactNode;
  /** The trigger's accessible name when its content is an icon. */
  triggerName?: string;
  triggerClassName?: string;
  items: readonly MenuItem[];
};

/**
 * A menu button (WAI-ARIA APG): the trigger has aria-haspopup and opens the menu on click, Enter,
 * Space or Arrow Down; in the menu, arrows, Home and End move, Enter chooses, Escape closes it (and
 * only it: not the dialog around it) and Tab leaves it. Placed against the window by
 * `usePopoverPlacement`, so it flips above its trigger or shifts sideways rather than being cut.
 */
export function Menu({ label, trigger, triggerName, triggerClassName = 'button', items }: MenuProps) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const triggerRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  usePopoverPlacement(open, triggerRef, listRef);

  useEffect(() => {
    if (!open) return;
    itemRefs.current[0]?.focus();
    // A press anywhere else closes it, as a native menu does.
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!listRef.current?.contains(target) && !triggerRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  function close() {
    setOpen(false);
    triggerRef.current?.focus();
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const list = itemRefs.current.filter((el): el is HTMLButtonElement => el !== null);
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const moves: Record<string, number> = {
      ArrowDown: (at + 1) % list.length,
      ArrowUp: (at - 1 + list.length) % list.length,
      Home: 0,
      End: list.length - 1,
    };
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key in moves) {
      event.preventDefault();
      list[moves[event.key] ?? 0]?.focus();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  }

  return (
    <span className="menu">
      <button
        ref={triggerRef}
        type="button"
        className={triggerClassName}
        aria-label={triggerName}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((was) => !was)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {trigger}
      </button>
      {open ? (
        <div
          ref={listRef}
          id={menuId}
          role="menu"
          aria-label={label}
          className="menu__list"
          // Focus sits on the items (moved there on open); the menu itself takes it only from a script.
          tabIndex={-1}
          onKeyDown={onMenuKeyDown}
        >
          {items.map((item, index) => (
            <button
              key={item.key}
              ref={(el) => void (itemRefs.current[index] = el)}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-label={item.name}
              aria-disabled={item.disabled ? true : undefined}
              title={item.title}
              className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
              onClick={() => {
                if (item.disabled) return;
                close();
                item.onSelect();
              }}
            >
              <span className="menu__label">{item.label}</span>
              {item.detail ? (
                <span className="menu__detail" aria-hidden={item.detailHidden ? true : undefined}>
                  {item.detail}
                </span>
              ) : null}
            </button>
          ))}
        </div>
      ) : null}
    </span>
  );
}
