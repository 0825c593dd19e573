import { useState, type ReactNode } from 'react';
import type { AppError } from '../../../src-shared/errors.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';

export type ConfirmDialogProps = {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  blockedReason: string | null;
  onConfirm: () => Promise<AppError | null>;
  onClose: () => void;
};

/** A destructive action's confirmation: says what happens, then does it or shows why it could not. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  blockedReason,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  async function confirm() {
    if (busy || blockedReason) return;
    setBusy(true);
    setFailure(null);
    const error = await onConfirm();
    setBusy(false);
    if (error) setFailure(error);
    else onClose();
  }
  return (
    <Dialog title={title} size="small" onClose={onClose}>
      {children}
      {failure ? <ErrorMessage error={failure} prefix="Could not do it:" /> : null}
      <div className="form__actions">
        <span className="form__spacer" />
        <button type="button" className="button button--ghost" onClick={onClose}>
          Cancel
        </button>
        <ChangeButton
          className="button button--danger"
          disabled={busy}
          blockedReason={blockedReason}
          onClick={() => void confirm()}
        >
          {busy ? 'Working…' : confirmLabel}
        </ChangeButton>
      </div>
    </Dialog>
  );
}
