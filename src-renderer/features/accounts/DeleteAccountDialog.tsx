import { useState, type FormEvent } from 'react';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { Dialog } from '../../components/Dialog.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { TextField } from '../../components/TextField.js';
import { useOwnAccountId } from '../../data/connection-data.js';
import { OwnTokenWarning, OWN_ACCOUNT_LOSS } from '../tokens/own-token.js';
import { useDeleteAccount } from './account-mutations.js';
import { useChangeGate } from './use-account-access.js';

export type DeleteAccountDialogProps = {
  connectionId: string;
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

/** What stops working: only said when there are tokens to stop (none: nothing to warn about). */
export function tokensStopText(count: number): string | null {
  if (count === 0) return null;
  return `Anything that still uses ${count === 1 ? 'it' : 'them'} stops working at once.`;
}

/**
 * Deleting takes the account's tokens with it, and whatever uses them stops working. Seed 000's
 * advice comes first, and the admin types the name, so the button cannot be hit by reflex.
 */
export function DeleteAccountDialog(props: DeleteAccountDialogProps) {
  const { connectionId, account, tokenCount, onClose, onDeleted } = props;
  const remove = useDeleteAccount(connectionId, account.id);
  const gate = useChangeGate(account);
  const own = account.id === useOwnAccountId();
  const [typed, setTyped] = useState('');
  const matches = typed === account.name;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!matches || remove.isPending || !gate.allowed) return;
    remove.mutate(undefined, { onSuccess: onDeleted });
  }

  return (
    <Dialog
      title={`Delete ${account.name}?`}
      size="small"
      onClose={onClose}
      description={
        <p>
          <strong>{tokensGoingText(tokenCount)}</strong> {tokensStopText(tokenCount)} This cannot be undone.
        </p>
      }
    >
      {own ? <OwnTokenWarning text={OWN_ACCOUNT_LOSS} /> : null}
      {tokenCount > 0 ? (
        <p className="notice notice--warn">
          Before deleting, remove its tokens from any project, code base or third-party platform that uses them, to
          prevent service disruptions.
        </p>
      ) : null}
      <form className="form" noValidate aria-label="Confirm deletion" onSubmit={onSubmit}>
        <TextField
          label={`Type ${account.name} to confirm`}
          value={typed}
          onChange={setTyped}
          autoComplete="off"
          spellCheck={false}
        />
        <MutationError mutation={remove} prefix="Could not delete:" />
        <FormActions
          label="Delete"
          busyLabel="Deleting…"
          busy={remove.isPending}
          tone="danger"
          disabled={!matches}
          blockedReason={gate.reason}
          title={matches ? undefined : `Type ${account.name} above to enable Delete`}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
