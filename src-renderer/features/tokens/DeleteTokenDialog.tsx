import type { TokenMeta } from '../../../src-shared/api/models.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { Dialog } from '../../components/Dialog.js';
import { MutationError } from '../../components/MutationError.js';
import { useRemoveToken } from './token-mutations.js';

export type DeleteTokenDialogProps = {
  connectionId: string;
  accountId: string;
  token: TokenMeta;
  blockedReason: string | null;
  onClose: () => void;
};

/** Seed 000: remove the token from code and third-party platforms first, then confirm. */
export function DeleteTokenDialog({ connectionId, accountId, token, blockedReason, onClose }: DeleteTokenDialogProps) {
  const remove = useRemoveToken(connectionId, accountId);

  function onDelete() {
    if (remove.isPending || blockedReason) return;
    remove.mutate(token.name, { onSuccess: onClose });
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
      <MutationError mutation={remove} prefix="Could not delete:" />
      <div className="form__actions">
        <span className="form__spacer" />
        <button type="button" className="button button--ghost" onClick={onClose}>
          Cancel
        </button>
        <ChangeButton
          className="button button--danger"
          disabled={remove.isPending}
          blockedReason={blockedReason}
          onClick={onDelete}
        >
          {remove.isPending ? 'Deleting…' : 'Delete token'}
        </ChangeButton>
      </div>
    </Dialog>
  );
}
