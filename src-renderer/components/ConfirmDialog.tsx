import type { ReactNode } from 'react';
import { Dialog } from './Dialog.js';
import { FormActions } from './FormActions.js';
import { MutationError } from './MutationError.js';

export type ConfirmDialogProps = {
  title: string;
  /** Under the title, announced with the dialog: what happens. */
  description?: ReactNode;
  /** Below it: what to do first, or what else goes with it. */
  children?: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  /** The change the dialog confirms: whether it runs, and why it failed. */
  mutation: { isPending: boolean; error: unknown };
  /** Before the failure's own words: "Could not delete:". */
  errorPrefix: string;
  blockedReason?: string | null;
  /** A change on this computer only: allowed offline (see FormActions). */
  local?: boolean;
  onConfirm: () => void;
  onClose: () => void;
};

/** A destructive action's confirmation: says what happens, then does it or shows why it could not. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, description, children, mutation, blockedReason = null, onConfirm, onClose } = props;
  return (
    <Dialog title={title} size="small" onClose={onClose} description={description}>
      {children}
      <MutationError mutation={mutation} prefix={props.errorPrefix} />
      <FormActions
        label={props.confirmLabel}
        busyLabel={props.busyLabel}
        busy={mutation.isPending}
        tone="danger"
        blockedReason={blockedReason}
        local={props.local ?? false}
        onAct={() => {
          if (!mutation.isPending && !blockedReason) onConfirm();
        }}
        onCancel={onClose}
      />
    </Dialog>
  );
}
