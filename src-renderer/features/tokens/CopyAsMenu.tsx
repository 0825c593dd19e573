import { Menu } from '../../components/Menu.js';
import { SECRET_FORMATS, type SecretFormat } from '../../lib/secret-formats.js';

export type CopyAsMenuProps = { onPick: (format: SecretFormat) => void };

/**
 * "Copy as…": a menu button with the three formats. Each item shows the pattern with a placeholder,
 * never the secret. Arrow keys move, Escape closes the menu (and only the menu).
 */
export function CopyAsMenu({ onPick }: CopyAsMenuProps) {
  return (
    <Menu
      label="Copy as"
      trigger="Copy as…"
      items={SECRET_FORMATS.map((format) => ({
        key: format.id,
        label: format.label,
        detail: <span className="mono">{format.pattern}</span>,
        detailHidden: true,
        onSelect: () => onPick(format.id),
      }))}
    />
  );
}
