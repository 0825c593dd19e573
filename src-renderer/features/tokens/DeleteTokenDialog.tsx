import { useState } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { AppError } from '../../../src-shared/errors.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useAppStore } from '../../store/app-store.js';

export type DeleteTokenDialogProps = {
  accountId: string;
  token: TokenMeta;
  blockedReason: string | null;
  onClose: () => void;
};

/** Seed 000: remove the token from code and third-party platforms first, then confirm. */
export function DeleteTokenDialog({ accountId, token, blockedReason, onClose }: DeleteTokenDialogProps) {
  const removeToken = useAppStore((state) => state.removeToken);
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);

  async function onDelete() {
    if (deleting || blockedReason) return;
    setDeleting(true);
    setFailure(null);
    const result = await removeToken(accountId, token.name);
    setDeleting(false);
    if (result.ok) onClose();
    else setFailure(result.error);
  }

  return (
    <Dialog
      title={`Delete token ${token.name}?`}
      size="small"
      onClose={onClose}
      description={<p>Anything that still uses it stops working at once. This cannot be undone.</p>}
    >
      <p className="notice notice--warn">
        Before deleting, remove this token from any project, code base or third-party platform that uses it, to prevent
        service disruptions.
      </p>
      {failure ? <ErrorMessage error={failure} prefix="Could not delete:" /> : null}
      <div className="form__actions">
        <span className="form__spacer" />
        <button type="button" className="button button--ghost" onClick={onClose}>
          Cancel
        </button>
        <ChangeButton
          className="button button--danger"
          disabled={deleting}
          blockedReason={blockedReason}
          onClick={() => void onDelete()}
        >
          {deleting ? 'Deleting…' : 'Delete token'}
        </ChangeButton>
      </div>
    </Dialog>
  );
}
