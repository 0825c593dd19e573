import { PlusIcon } from './icons.js';
import { ChangeButton } from './ChangeButton.js';

export type AddButtonProps = {
  label: string;
  /** Why the admin may not (roles, groups), or null; offline is said by the button itself. */
  blockedReason: string | null;
  /** The visible line that says why it is off, when the screen shows one. */
  describedBy?: string | undefined;
  onClick: () => void;
};

/** A screen's main "new …" button: primary, with a plus. */
export function AddButton({ label, blockedReason, describedBy, onClick }: AddButtonProps) {
  return (
    <ChangeButton
      className="button button--primary"
      blockedReason={blockedReason}
      aria-describedby={describedBy}
      onClick={onClick}
    >
      <PlusIcon />
      {label}
    </ChangeButton>
  );
}
