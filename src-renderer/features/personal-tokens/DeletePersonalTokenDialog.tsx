import type { TokenMeta } from '../../../src-shared/api/models.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { OwnTokenWarning } from '../tokens/own-token.js';
import { useDeletePersonalToken } from './personal-token-mutations.js';

export type DeletePersonalTokenDialogProps = {
  connectionId: string;
  token: TokenMeta;
  /** The token the connection itself uses: deleting it cuts the app off, and the dialog says so. */
  ownToken?: boolean;
  onClose: () => void;
};

/** Seed 001's warning, word for word in spirit: take the token out of everything that uses it first. */
export const PERSONAL_DELETE_WARNING =
  'Before deleting this token, remove the token from any project, code base, or third-party platform to prevent service disruptions.';

export function DeletePersonalTokenDialog({ connectionId, token, ownToken, onClose }: DeletePersonalTokenDialogProps) {
  const remove = useDeletePersonalToken(connectionId);
  return (
    <ConfirmDialog
      title={`Delete personal token ${token.name}?`}
      description={<p>Anything that still uses it stops working at once. This cannot be undone.</p>}
      confirmLabel="Delete token"
      busyLabel="Deleting…"
      errorPrefix="Could not delete:"
      mutation={remove}
      onConfirm={() => remove.mutate(token.name, { onSuccess: onClose })}
      onClose={onClose}
    >
      {ownToken ? <OwnTokenWarning /> : null}
      <p className="notice notice--warn">{PERSONAL_DELETE_WARNING}</p>
    </ConfirmDialog>
  );
}
