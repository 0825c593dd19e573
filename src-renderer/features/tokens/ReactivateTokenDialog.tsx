import { useState, type FormEvent } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { PolicyToken } from '../../../src-shared/token-policy.js';
import { Dialog } from '../../components/Dialog.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { useNow } from '../../components/use-now.js';
import { useTokenPolicy } from '../../data/connection-data.js';
import { expiryLimits, expiryRefusal } from '../../lib/expiry-policy.js';
import { expiryDate, type ExpiryChoice } from '../../lib/token-form.js';
import { ExpiryPicker } from './ExpiryPicker.js';
import { useUpdateToken } from './token-mutations.js';

export type ReactivateTokenDialogProps = {
  connectionId: string;
  accountId: string;
  token: TokenMeta;
  /** The token as the domain's policy sees it. */
  policyToken: Omit<PolicyToken, 'expiresAt'>;
  /** Why the policy refuses the token as it is (its expiry). */
  refusal: string;
  blockedReason: string | null;
  onClose: () => void;
};

/**
 * Reactivating a suspended token whose expiry the domain's policy no longer allows: the token comes
 * back with a new expiry within the policy, in the same change (PATCH status and expiresAt).
 */
export function ReactivateTokenDialog(props: ReactivateTokenDialogProps) {
  const { connectionId, accountId, token, policyToken, refusal, blockedReason, onClose } = props;
  const update = useUpdateToken(connectionId, accountId);
  const now = useNow(60_000);
  const policy = useTokenPolicy();
  const limits = expiryLimits(policy, policyToken, now);
  const [expiry, setExpiry] = useState<ExpiryChoice>(limits.defaultChoice);
  const error =
    expiryDate(expiry, now) === undefined
      ? 'Pick the date the token expires.'
      : (expiryRefusal(policy, policyToken, expiry, now) ?? undefined);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (update.isPending || blockedReason || error) return;
    const date = expiryDate(expiry, Date.now());
    update.mutate(
      { name: token.name, patch: { status: 'ACTIVE', expiresAt: date ? date.toISOString() : null } },
      { onSuccess: onClose },
    );
  }

  return (
    <Dialog
      title={`Reactivate ${token.name}`}
      onClose={onClose}
      description={
        <p>
          {refusal} Choose a new expiry: <strong>{token.name}</strong> comes back with it.
        </p>
      }
    >
      <form className="form" noValidate aria-label="Reactivate token" onSubmit={onSubmit}>
        <ExpiryPicker value={expiry} now={now} limits={limits} error={error} onChange={setExpiry} />
        <MutationError mutation={update} prefix="Could not reactivate:" />
        <FormActions
          label="Reactivate"
          busyLabel="Reactivating…"
          busy={update.isPending}
          blockedReason={blockedReason}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
