import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { SECRET_FORMATS, type SecretFormat } from '../../lib/secret-formats.js';

export type CopyAsMenuProps = { onPick: (format: SecretFormat) => void };

/**
 * "Copy as…": a menu button with the three formats. Each item shows the pattern with a placeholder,
 * never the secret. Arrow keys move, Escape closes the menu (and only the menu).
 */
export function CopyAsMenu({ onPick }: CopyAsMenuProps) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    if (open) items.current[0]?.focus();
  }, [open]);

  function close() {
    setOpen(false);
    trigger.current?.focus();
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const list = items.current.filter((el): el is HTMLButtonElement => el !== null);
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      list[(at + delta + list.length) % list.length]?.focus();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  }

  return (
    <span className="menu">
      <button
        ref={trigger}
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((was) => !was)}
      >
        Copy as…
      </button>
      {open ? (
        <div
          id={menuId}
          role="menu"
          aria-label="Copy as"
          className="menu__list"
          // Focus sits on the items (moved there on open); the menu itself takes it only from a script.
          tabIndex={-1}
          onKeyDown={onMenuKeyDown}
        >
          {SECRET_FORMATS.map((format, index) => (
            <button
              key={format.id}
              ref={(el) => void (items.current[index] = el)}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="menu__item"
              onClick={() => {
                close();
                onPick(format.id);
              }}
            >
              <span className="menu__label">{format.label}</span>
              <span className="menu__pattern mono" aria-hidden="true">
                {format.pattern}
              </span>
            </button>
          ))}
        </div>
      ) : null}
    </span>
  );
}
