import { useState } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { AppError } from '../../../src-shared/errors.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';

export type DeletePersonalTokenDialogProps = {
  token: TokenMeta;
  onDelete: () => Promise<AppError | null>;
  onClose: () => void;
};

/** Seed 001's warning, word for word in spirit: take the token out of everything that uses it first. */
export const PERSONAL_DELETE_WARNING =
  'Before deleting this token, remove the token from any project, code base, or third-party platform to prevent service disruptions.';

export function DeletePersonalTokenDialog({ token, onDelete, onClose }: DeletePersonalTokenDialogProps) {
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);

  async function confirm() {
    if (deleting) return;
    setDeleting(true);
    setFailure(null);
    const error = await onDelete();
    setDeleting(false);
    if (error) setFailure(error);
    else onClose();
  }

  return (
    <Dialog
      title={`Delete personal token ${token.name}?`}
      size="small"
      onClose={onClose}
      description={<p>Anything that still uses it stops working at once. This cannot be undone.</p>}
    >
      <p className="notice notice--warn">{PERSONAL_DELETE_WARNING}</p>
      {failure ? <ErrorMessage error={failure} prefix="Could not delete:" /> : null}
      <div className="form__actions">
        <span className="form__spacer" />
        <button type="button" className="button button--ghost" onClick={onClose}>
          Cancel
        </button>
        <ChangeButton className="button button--danger" disabled={deleting} onClick={() => void confirm()}>
          {deleting ? 'Deleting…' : 'Delete token'}
        </ChangeButton>
      </div>
    </Dialog>
  );
}
