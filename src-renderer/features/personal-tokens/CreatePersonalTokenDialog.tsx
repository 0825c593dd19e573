import { useState, type FormEvent } from 'react';
import {
  CreatePersonalTokenBody,
  PERSONAL_TOKEN_NAME_RULE,
  PersonalTokenName,
} from '../../../src-shared/api/personal-tokens.js';
import type { CreatedToken } from '../../../src-shared/api/tokens.js';
import { Dialog } from '../../components/Dialog.js';
import { useUnsaved } from '../../components/use-unsaved.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { NameField } from '../../components/NameField.js';
import { useTouched } from '../../components/use-touched.js';
import { valueError } from '../../lib/field-errors.js';
import { useNow } from '../../components/use-now.js';
import { expiryDate, type ExpiryChoice } from '../../lib/token-form.js';
import { useMe, useTokenPolicy } from '../../data/connection-data.js';
import { expiryLimits, expiryRefusal, personalPolicyToken } from '../../lib/expiry-policy.js';
import type { Revealed } from '../../data/secret-mutation.js';
import { ExpiryPicker } from '../tokens/ExpiryPicker.js';
import { useCreatePersonalToken } from './personal-token-mutations.js';

export type CreatePersonalTokenDialogProps = {
  connectionId: string;
  takenNames: readonly string[];
  /** The new token and its secret, for the reveal dialog (and nowhere else). */
  onRevealed: (revealed: Revealed<CreatedToken>) => void;
  onClose: () => void;
};

/** The name's live message: the shared rule (at least 3 characters), then uniqueness. */
export function personalTokenNameError(name: string, taken: readonly string[]): string | undefined {
  const problem = valueError(PersonalTokenName, name);
  if (problem !== undefined) return problem;
  if (taken.includes(name)) return 'You already have a personal token with that name.';
  return undefined;
}

function expiryError(choice: ExpiryChoice, now: number): string | undefined {
  const date = expiryDate(choice, now);
  if (date === undefined) return 'Pick the date the token expires.';
  if (date !== null && date.getTime() <= now) return 'Pick a date in the future.';
  return undefined;
}

/** "Create token": a name of at least 3 characters and an expiration, 30 days by default. */
export function CreatePersonalTokenDialog(props: CreatePersonalTokenDialogProps) {
  const { connectionId, takenNames, onRevealed, onClose } = props;
  const create = useCreatePersonalToken(connectionId, onRevealed);
  const now = useNow(60_000);
  const [name, setName] = useState('');
  // The domain's policy: longer expiries (and Unlimited, for an Admin) may be refused.
  const policy = useTokenPolicy();
  const policyToken = personalPolicyToken(useMe());
  const limits = expiryLimits(policy, policyToken, now);
  const [expiry, setExpiry] = useState<ExpiryChoice>(limits.defaultChoice);
  const refused = expiryRefusal(policy, policyToken, expiry, now);
  // Errors show once a field was changed and left, or after a try to create (useTouched).
  const touch = useTouched<'name' | 'expiry'>();
  const nameMessage = touch.shows('name') ? personalTokenNameError(name, takenNames) : undefined;
  const expiryMessage =
    (expiry.kind === 'custom' && touch.shows('expiry') ? expiryError(expiry, now) : undefined) ?? refused ?? undefined;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    touch.submit();
    if (create.isPending) return;
    // Counted from the moment of sending, so "30 days" means 30 days from now.
    const at = Date.now();
    if (personalTokenNameError(name, takenNames) || expiryError(expiry, at) || refused) return;
    const date = expiryDate(expiry, at);
    const parsed = CreatePersonalTokenBody.safeParse({ name, expiresAt: date ? date.toISOString() : null });
    if (!parsed.success) return;
    create.mutate(parsed.data);
  }

  const unsaved = useUnsaved({ name, expiry });
  return (
    <Dialog
      title="Create personal token"
      onClose={onClose}
      dirty={unsaved}
      description={
        <p>
          A token that acts as you, with your roles and never more. Its secret is shown once, right after you create it.
        </p>
      }
    >
      <form className="form" noValidate aria-label="New personal token" onSubmit={onSubmit}>
        <NameField
          value={name}
          onChange={(next) => {
            setName(next);
            touch.change('name');
          }}
          onBlur={touch.blurOf('name')}
          error={nameMessage}
          hint={PERSONAL_TOKEN_NAME_RULE}
        />
        <div className="touch-group" onBlur={touch.blurOf('expiry')}>
          <ExpiryPicker
            value={expiry}
            now={now}
            limits={limits}
            error={expiryMessage}
            onChange={(next) => {
              setExpiry(next);
              touch.change('expiry');
            }}
          />
        </div>
        <MutationError mutation={create} prefix="Could not create the token:" />
        <FormActions label="Generate token" busyLabel="Generating…" busy={create.isPending} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
