import { useState } from 'react';
import type { AppError } from '../../../src-shared/errors.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';

export type SecretLostDialogProps = {
  tokenName: string;
  blockedReason: string | null;
  /** Deletes the token and makes it again with the same input; resolves to an error, or null when revealed. */
  onRecreate: () => Promise<AppError | null>;
  onKeep: () => void;
};

/**
 * The server made the token but its answer never arrived, and a replay never returns a secret: the
 * only way to a usable secret is to delete this token and make a new one.
 */
export function SecretLostDialog({ tokenName, blockedReason, onRecreate, onKeep }: SecretLostDialogProps) {
  const [working, setWorking] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);

  async function recreate() {
    if (working) return;
    setWorking(true);
    setFailure(null);
    const error = await onRecreate();
    setWorking(false);
    if (error) setFailure(error);
  }

  return (
    <Dialog title="The token’s secret was lost" size="small" onClose={onKeep}>
      <div className="notice notice--warn" role="alert">
        <p>
          The token “{tokenName}” was created, but its secret can&apos;t be shown because the server&apos;s answer was
          lost.
        </p>
      </div>
      <p className="muted">
        Without the secret the token cannot be used. Revoke it and create a new one now, or keep it and delete it later.
      </p>
      {failure ? <ErrorMessage error={failure} prefix="Could not recreate it:" /> : null}
      <div className="form__actions">
        <span className="form__spacer" />
        <button type="button" className="button button--ghost" onClick={onKeep}>
          Keep it
        </button>
        <ChangeButton
          className="button button--primary"
          disabled={working}
          blockedReason={blockedReason}
          onClick={() => void recreate()}
        >
          {working ? 'Recreating…' : 'Revoke it and create a new one'}
        </ChangeButton>
      </div>
    </Dialog>
  );
}
