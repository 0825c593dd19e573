import type { TokenMeta } from '../../../src-shared/api/models.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
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
  return (
    <ConfirmDialog
      title={`Delete token ${token.name}?`}
      description={<p>Anything that still uses it stops working at once. This cannot be undone.</p>}
      confirmLabel="Delete token"
      busyLabel="Deleting…"
      errorPrefix="Could not delete:"
      blockedReason={blockedReason}
      mutation={remove}
      onConfirm={() => remove.mutate(token.name, { onSuccess: onClose })}
      onClose={onClose}
    >
      <p className="notice notice--warn">
        Before deleting, remove this token from any project, code base or third-party platform that uses it, to prevent
        service disruptions.
      </p>
    </ConfirmDialog>
  );
}
