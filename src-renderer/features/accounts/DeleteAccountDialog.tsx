import { useState, type FormEvent } from 'react';
import type { AppError } from '../../../src-shared/errors.js';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { TextField } from '../../components/TextField.js';
import { useAppStore } from '../../store/app-store.js';
import { useChangeGate } from './use-account-access.js';

export type DeleteAccountDialogProps = {
  account: AccountRow;
  /** Known tokens (from the detail) or the list's count. */
  tokenCount: number;
  onClose: () => void;
  onDeleted: () => void;
};

export function tokensGoingText(count: number): string {
  if (count === 0) return 'It has no tokens.';
  return `This also deletes its ${count} ${count === 1 ? 'token' : 'tokens'}.`;
}

/**
 * Deleting takes the account's tokens with it, and whatever uses them stops working. Seed 000's
 * advice comes first, and the admin types the name, so the button cannot be hit by reflex.
 */
export function DeleteAccountDialog({ account, tokenCount, onClose, onDeleted }: DeleteAccountDialogProps) {
  const deleteAccount = useAppStore((state) => state.deleteAccount);
  const gate = useChangeGate(account);
  const [typed, setTyped] = useState('');
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const matches = typed === account.name;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!matches || deleting || !gate.allowed) return;
    setDeleting(true);
    setFailure(null);
    const result = await deleteAccount(account.id);
    setDeleting(false);
    if (result.ok) onDeleted();
    else setFailure(result.error);
  }

  return (
    <Dialog
      title={`Delete ${account.name}?`}
      size="small"
      onClose={onClose}
      description={
        <p>
          <strong>{tokensGoingText(tokenCount)}</strong> Anything that still uses {tokenCount === 1 ? 'it' : 'them'}{' '}
          stops working at once. This cannot be undone.
        </p>
      }
    >
      {tokenCount > 0 ? (
        <p className="notice notice--warn">
          Before deleting, remove its tokens from any project, code base or third-party platform that uses them, to
          prevent service disruptions.
        </p>
      ) : null}
      <form className="form" noValidate aria-label="Confirm deletion" onSubmit={(e) => void onSubmit(e)}>
        <TextField
          label={`Type ${account.name} to confirm`}
          value={typed}
          onChange={setTyped}
          autoComplete="off"
          spellCheck={false}
        />
        {failure ? <ErrorMessage error={failure} prefix="Could not delete:" /> : null}
        <div className="form__actions">
          <span className="form__spacer" />
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <ChangeButton
            type="submit"
            className="button button--danger"
            disabled={!matches || deleting}
            blockedReason={gate.reason}
            title={matches ? undefined : `Type ${account.name} above to enable Delete`}
          >
            {deleting ? 'Deleting…' : 'Delete'}
          </ChangeButton>
        </div>
      </form>
    </Dialog>
  );
}
