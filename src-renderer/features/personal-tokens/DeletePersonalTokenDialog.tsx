import type { TokenMeta } from '../../../src-shared/api/models.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { Dialog } from '../../components/Dialog.js';
import { MutationError } from '../../components/MutationError.js';
import { useDeletePersonalToken } from './personal-token-mutations.js';

export type DeletePersonalTokenDialogProps = {
  connectionId: string;
  token: TokenMeta;
  onClose: () => void;
};

/** Seed 001's warning, word for word in spirit: take the token out of everything that uses it first. */
export const PERSONAL_DELETE_WARNING =
  'Before deleting this token, remove the token from any project, code base, or third-party platform to prevent service disruptions.';

export function DeletePersonalTokenDialog({ connectionId, token, onClose }: DeletePersonalTokenDialogProps) {
  const remove = useDeletePersonalToken(connectionId);

  return (
    <Dialog
      title={`Delete personal token ${token.name}?`}
      size="small"
      onClose={onClose}
      description={<p>Anything that still uses it stops working at once. This cannot be undone.</p>}
    >
      <p className="notice notice--warn">{PERSONAL_DELETE_WARNING}</p>
      <MutationError mutation={remove} prefix="Could not delete:" />
      <div className="form__actions">
        <span className="form__spacer" />
        <button type="button" className="button button--ghost" onClick={onClose}>
          Cancel
        </button>
        <ChangeButton
          className="button button--danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(token.name, { onSuccess: onClose })}
        >
          {remove.isPending ? 'Deleting…' : 'Delete token'}
        </ChangeButton>
      </div>
    </Dialog>
  );
}
