import type { UseMutationResult } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import { OWN_TOKEN_MIN_GRACE_SECONDS } from '../../../src-shared/api/tokens.js';
import { Dialog } from '../../components/Dialog.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import type { RotationAnswer, RotationInput } from '../../data/secret-mutation.js';
import { OwnTokenWarning, OWN_TOKEN_ROTATE } from './own-token.js';
import { useRotateToken } from './token-mutations.js';
import type { PolicyToken } from '../../../src-shared/token-policy.js';
import { policyRefusal } from '../../../src-shared/token-policy.js';
import { useNow } from '../../components/use-now.js';
import { useTokenPolicy } from '../../data/connection-data.js';
import { expiryLimits, expiryRefusal, tokenPolicyView } from '../../lib/expiry-policy.js';
import { expiryDate, formatExpiryDate, type ExpiryChoice } from '../../lib/token-form.js';
import { ExpiryPicker } from './ExpiryPicker.js';

/** The grace periods offered for the old secret; 24 hours is the default. */
export const GRACE_CHOICES = [
  {
    seconds: 0,
    label: 'Revoke the old token now',
    effect: 'Anything still using the old secret stops working at once.',
  },
  { seconds: 3600, label: '1 hour', effect: 'The old secret keeps working for 1 hour, then stops.' },
  { seconds: 86_400, label: '24 hours', effect: 'The old secret keeps working for 24 hours, then stops.' },
  { seconds: 604_800, label: '7 days', effect: 'The old secret keeps working for 7 days, then stops.' },
] as const;

export const DEFAULT_GRACE_SECONDS = 86_400;

/**
 * The choices for the connection's own token: "revoke now" becomes the app's minimum grace, which main
 * enforces anyway (a resend after a lost answer can only carry the old secret).
 */
export const OWN_TOKEN_GRACE_CHOICES = [
  {
    seconds: OWN_TOKEN_MIN_GRACE_SECONDS,
    label: '1 minute',
    effect:
      'The old secret keeps working for 1 minute, the least for the token TokenDesk itself uses, so the app can finish switching over. Then it stops.',
  },
  ...GRACE_CHOICES.filter((c) => c.seconds > OWN_TOKEN_MIN_GRACE_SECONDS),
] as const;

export type RotateTokenDialogProps = {
  connectionId: string;
  accountId: string;
  token: TokenMeta;
  /** The account's grants and denies: every token of it holds the grants, less the denies (the policy counts them). */
  accountOverrides: { grants: readonly string[]; denies: readonly string[] };
  blockedReason: string | null;
  /** The token's new secret, for the reveal dialog (and nowhere else). */
  onRevealed: (token: TokenMeta, secret: string) => void;
  /** The token the connection signs in with: its new secret is stored by main and never shown. */
  ownToken?: boolean;
  /** The own token was rotated: nothing to reveal, the app carries on with the new secret. */
  onStored?: (token: TokenMeta) => void;
  onClose: () => void;
};

/**
 * Rotate: a new secret with the same name and settings; the old one keeps working for a grace period
 * so whatever uses it can be switched over without an outage.
 */
export function RotateTokenDialog(props: RotateTokenDialogProps) {
  const { connectionId, accountId, token, blockedReason, ownToken = false, onRevealed, onStored, onClose } = props;
  const rotate = useRotateToken(connectionId, accountId, ({ secret, answer }) => onRevealed(answer.token, secret));
  return (
    <RotateDialog
      token={token}
      policyToken={tokenPolicyView(token, props.accountOverrides)}
      what="roles, expiry and max RPS"
      blockedReason={blockedReason}
      mutation={rotate}
      ownToken={ownToken}
      onStored={onStored}
      onClose={onClose}
    />
  );
}

/** A rotation (useRotation), of a service account's token or of a personal token. */
export type RotateMutation = Pick<
  UseMutationResult<RotationAnswer, Error, RotationInput>,
  'isPending' | 'error' | 'mutate'
>;

export type RotateDialogProps = {
  token: TokenMeta;
  /** The settings the new token keeps, in words: "roles, expiry and max RPS". */
  what: string;
  blockedReason: string | null;
  mutation: RotateMutation;
  /**
   * The token this app itself uses: the dialog says so first and offers OWN_TOKEN_GRACE_CHOICES (no
   * "revoke now"); its new secret is stored by main and never shown.
   */
  ownToken: boolean;
  /** The token as the domain's policy sees it (kind, roles, permissions): its expiry must stay within the policy. */
  policyToken: Omit<PolicyToken, 'expiresAt'>;
  /** The own token was rotated: nothing to reveal, the app carries on with the new secret. */
  onStored?: ((token: TokenMeta) => void) | undefined;
  onClose: () => void;
};

/** The rotate form of a service-account token and of a personal token: the grace period, then Rotate. */
export function RotateDialog(props: RotateDialogProps) {
  const { token, blockedReason, mutation, ownToken, onStored, onClose } = props;
  const choices: readonly { seconds: number; label: string; effect: string }[] = ownToken
    ? OWN_TOKEN_GRACE_CHOICES
    : GRACE_CHOICES;
  const [grace, setGrace] = useState<number>(DEFAULT_GRACE_SECONDS);
  const group = useId();
  const effect = choices.find((c) => c.seconds === grace)?.effect;
  // The new token keeps the old expiry unless the domain's policy refuses it (or the user picks another).
  const now = useNow(60_000);
  const policy = useTokenPolicy();
  const keepRefused = policy
    ? (policyRefusal(policy, { ...props.policyToken, expiresAt: token.expiresAt }, now)?.message ?? null)
    : null;
  const limits = expiryLimits(policy, props.policyToken, now);
  const [newExpiry, setNewExpiry] = useState<ExpiryChoice | null>(() => (keepRefused ? limits.defaultChoice : null));
  const newRefused = newExpiry && expiryRefusal(policy, props.policyToken, newExpiry, now);
  const expiryError =
    newExpiry && expiryDate(newExpiry, now) === undefined ? 'Pick the date the token expires.' : newRefused;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (mutation.isPending || blockedReason || expiryError || (newExpiry === null && keepRefused)) return;
    // Counted from the moment of sending, as a create does.
    const date = newExpiry && expiryDate(newExpiry, Date.now());
    mutation.mutate(
      {
        name: token.name,
        graceSeconds: grace,
        ...(newExpiry === null ? {} : { expiresAt: date ? date.toISOString() : null }),
      },
      {
        onSuccess: (answer) => {
          if (answer.storedForConnection) onStored?.(answer.token);
        },
      },
    );
  }

  return (
    <Dialog
      title={`Rotate ${token.name}`}
      onClose={onClose}
      dirty={grace !== DEFAULT_GRACE_SECONDS}
      description={
        <p>
          A new secret is made for <strong>{token.name}</strong> with the same {props.what}. The old token is renamed
          and keeps working for the time you choose, so you can update whatever uses it.
        </p>
      }
    >
      {ownToken ? <OwnTokenWarning text={OWN_TOKEN_ROTATE} /> : null}
      <form className="form" noValidate aria-label="Rotate token" onSubmit={onSubmit}>
        <fieldset className="fieldset">
          <legend className="field__label">Keep the old token working for</legend>
          <div className="grace-options">
            {choices.map((choice) => (
              <label
                key={choice.seconds}
                className={`radio-option${grace === choice.seconds ? ' radio-option--on' : ''}`}
              >
                <input
                  type="radio"
                  name={group}
                  checked={grace === choice.seconds}
                  onChange={() => setGrace(choice.seconds)}
                />
                {choice.label}
              </label>
            ))}
          </div>
        </fieldset>
        <p className={`notice ${grace === 0 ? 'notice--warn' : 'notice--info'}`} role="status">
          {effect}
        </p>
        {keepRefused || limits.capDays !== null ? (
          <fieldset className="fieldset">
            <legend className="field__label">The new token expires</legend>
            <div className="grace-options">
              <label
                className={`radio-option${newExpiry === null ? ' radio-option--on' : ''}`}
                title={keepRefused ?? undefined}
              >
                <input
                  type="radio"
                  name={`${group}-expiry`}
                  checked={newExpiry === null}
                  disabled={keepRefused !== null}
                  onChange={() => setNewExpiry(null)}
                />
                As the old one ({token.expiresAt ? formatExpiryDate(new Date(token.expiresAt)) : 'never'})
              </label>
              <label className={`radio-option${newExpiry !== null ? ' radio-option--on' : ''}`}>
                <input
                  type="radio"
                  name={`${group}-expiry`}
                  checked={newExpiry !== null}
                  onChange={() => setNewExpiry(limits.defaultChoice)}
                />
                At a new date
              </label>
            </div>
            {keepRefused ? <p className="field__hint">{keepRefused}</p> : null}
          </fieldset>
        ) : null}
        {newExpiry !== null ? (
          <ExpiryPicker
            value={newExpiry}
            now={now}
            limits={limits}
            error={expiryError ?? undefined}
            onChange={setNewExpiry}
          />
        ) : null}
        <MutationError mutation={mutation} prefix="Could not rotate:" />
        <FormActions
          label="Rotate"
          busyLabel="Rotating…"
          busy={mutation.isPending}
          blockedReason={blockedReason}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
