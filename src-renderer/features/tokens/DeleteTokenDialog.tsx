import type { TokenMeta } from '../../../src-shared/api/models.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { OwnTokenWarning } from './own-token.js';
import { useRemoveToken } from './token-mutations.js';

export type DeleteTokenDialogProps = {
  connectionId: string;
  accountId: string;
  token: TokenMeta;
  blockedReason: string | null;
  /** The token the connection signs in with: deleting it cuts the app off, and the dialog says so. */
  ownToken?: boolean;
  onClose: () => void;
};

/** Seed 000: remove the token from code and third-party platforms first, then confirm. */
export function DeleteTokenDialog(props: DeleteTokenDialogProps) {
  const { connectionId, accountId, token, blockedReason, ownToken, onClose } = props;
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
      {ownToken ? <OwnTokenWarning /> : null}
      <p className="notice notice--warn">
        Before deleting, remove this token from any project, code base or third-party platform that uses it, to prevent
        service disruptions.
      </p>
    </ConfirmDialog>
  );
}
