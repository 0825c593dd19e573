import type { TokenMeta } from '../../../src-shared/api/models.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';

/** What suspending or deleting the connection's own token does, said before it is done. */
export const OWN_TOKEN_LOSS =
  'This is the token TokenDesk uses for this connection. Without it the app loses access to the server until you enter a new token under Connections.';

/** The line under the own token's row: why its Suspend and Delete ask first. */
export const OWN_TOKEN_NOTE = 'TokenDesk uses this token for this connection. Suspending or deleting it asks first.';

/** Said in the rotate dialog of the own token: no reveal, the app switches by itself. */
export const OWN_TOKEN_ROTATE =
  'This is the token TokenDesk uses for this connection. The app stores the new secret for the connection and switches to it at once; the secret is not shown. The old secret keeps working for at least 1 minute, so a lost answer cannot lock the app out.';

export function OwnTokenWarning({ text = OWN_TOKEN_LOSS }: { text?: string }) {
  return <p className="notice notice--warn">{text}</p>;
}

export type SuspendOwnTokenDialogProps = {
  token: TokenMeta;
  mutation: { isPending: boolean; error: unknown };
  blockedReason?: string | null;
  onConfirm: () => void;
  onClose: () => void;
};

/** Suspending the connection's own token cuts the app off: asked first, with what will happen. */
export function SuspendOwnTokenDialog({
  token,
  mutation,
  blockedReason,
  onConfirm,
  onClose,
}: SuspendOwnTokenDialogProps) {
  return (
    <ConfirmDialog
      title={`Suspend ${token.name}?`}
      description={<p>Anything that uses this token stops working until it is reactivated.</p>}
      confirmLabel="Suspend token"
      busyLabel="Suspending…"
      errorPrefix="Could not suspend:"
      blockedReason={blockedReason ?? null}
      mutation={mutation}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <OwnTokenWarning />
    </ConfirmDialog>
  );
}
