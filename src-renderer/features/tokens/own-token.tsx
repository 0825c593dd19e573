import { useState } from 'react';
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

/** What disabling or deleting the service account the connection signs in as does, said before it is done. */
export const OWN_ACCOUNT_LOSS =
  'TokenDesk signs in to this server as this service account. Disabling or deleting it stops its tokens, and the app loses access to the server until you enter a new token under Connections.';

/** After the own token's rotate: no reveal, the app already uses the new secret. */
export function RotatedOwnNotice({ name }: { name: string }) {
  return (
    <p className="notice notice--info" role="status">
      Rotated {name}. TokenDesk stored the new secret for this connection and now uses it.
    </p>
  );
}

export type OwnLossConfirmProps = {
  title: string;
  /** What the action does to anything else that uses the token or account. */
  description: string;
  confirmLabel: string;
  busyLabel: string;
  errorPrefix: string;
  /** What it does to this app: OWN_TOKEN_LOSS or OWN_ACCOUNT_LOSS. */
  loss: string;
  mutation: { isPending: boolean; error: unknown };
  blockedReason?: string | null;
  onConfirm: () => void;
  onClose: () => void;
};

/** A change that would cut this app off from its server (its own token or account): asked first, with what will happen. */
export function OwnLossConfirm({ loss, description, blockedReason, ...props }: OwnLossConfirmProps) {
  return (
    <ConfirmDialog {...props} description={<p>{description}</p>} blockedReason={blockedReason ?? null}>
      <OwnTokenWarning text={loss} />
    </ConfirmDialog>
  );
}

export type SuspendOwnTokenDialogProps = {
  token: TokenMeta;
  mutation: { isPending: boolean; error: unknown };
  blockedReason?: string | null;
  onConfirm: () => void;
  onClose: () => void;
};

/** Suspending the connection's own token (a personal or a service account's) cuts the app off. */
export function SuspendOwnTokenDialog({ token, ...props }: SuspendOwnTokenDialogProps) {
  return (
    <OwnLossConfirm
      {...props}
      title={`Suspend ${token.name}?`}
      description="Anything that uses this token stops working until it is reactivated."
      confirmLabel="Suspend token"
      busyLabel="Suspending…"
      errorPrefix="Could not suspend:"
      loss={OWN_TOKEN_LOSS}
    />
  );
}

/** A token's suspend or reactivate as a token list sends it (useUpdateToken, useUpdatePersonalToken). */
export type StatusMutation = {
  isPending: boolean;
  error: unknown;
  reset: () => void;
  mutate: (
    change: { name: string; patch: { status: 'SUSPENDED' | 'ACTIVE' } },
    options?: { onSuccess?: () => void },
  ) => void;
};

/**
 * A token list's Suspend/Reactivate: sent at once, except the suspend of the token this connection signs
 * in with, which waits in SuspendOwnTokenDialog (it would cut this app off). `confirm` is that dialog
 * while it is open (else null), for the list to render; `confirming` says whether it is.
 */
export function useStatusToggle(mutation: StatusMutation, ownTokenId: string | null, blockedReason: string | null) {
  const [suspendingOwn, setSuspendingOwn] = useState<TokenMeta | null>(null);
  function toggleStatus(token: TokenMeta) {
    const suspend = token.status !== 'SUSPENDED';
    if (suspend && token.id === ownTokenId) {
      setSuspendingOwn(token);
      return;
    }
    mutation.mutate({ name: token.name, patch: { status: suspend ? 'SUSPENDED' : 'ACTIVE' } });
  }
  const confirm = suspendingOwn ? (
    <SuspendOwnTokenDialog
      token={suspendingOwn}
      mutation={mutation}
      blockedReason={blockedReason}
      onConfirm={() =>
        mutation.mutate(
          { name: suspendingOwn.name, patch: { status: 'SUSPENDED' } },
          { onSuccess: () => setSuspendingOwn(null) },
        )
      }
      onClose={() => {
        mutation.reset();
        setSuspendingOwn(null);
      }}
    />
  ) : null;
  return { toggleStatus, confirming: suspendingOwn !== null, confirm };
}
