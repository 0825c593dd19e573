import type { ReactNode } from 'react';
import { ChangeButton } from '../../components/ChangeButton.js';
import { Dialog } from '../../components/Dialog.js';
import { MutationError } from '../../components/MutationError.js';

export type ConfirmDialogProps = {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  blockedReason: string | null;
  /** The change the dialog confirms: whether it runs, and why it failed. */
  mutation: { isPending: boolean; error: unknown };
  onConfirm: () => void;
  onClose: () => void;
};

/** A destructive action's confirmation: says what happens, then does it or shows why it could not. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, children, confirmLabel, blockedReason, mutation, onConfirm, onClose } = props;
  return (
    <Dialog title={title} size="small" onClose={onClose}>
      {children}
      <MutationError mutation={mutation} prefix="Could not do it:" />
      <div className="form__actions">
        <span className="form__spacer" />
        <button type="button" className="button button--ghost" onClick={onClose}>
          Cancel
        </button>
        <ChangeButton
          className="button button--danger"
          disabled={mutation.isPending}
          blockedReason={blockedReason}
          onClick={() => {
            if (!mutation.isPending && !blockedReason) onConfirm();
          }}
        >
          {mutation.isPending ? 'Working…' : confirmLabel}
        </ChangeButton>
      </div>
    </Dialog>
  );
}
