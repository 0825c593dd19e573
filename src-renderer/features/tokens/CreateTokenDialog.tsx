import { useMemo, useState, type FormEvent } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { CreateTokenBody } from '../../../src-shared/api/tokens.js';
import { canGrantRoles, canIssueToken, type Actor } from '../../../src-shared/authz.js';
import type { RoleName } from '../../../src-shared/roles.js';
import { TOKEN_NAME_RULE } from '../../../src-shared/validation.js';
import { Dialog } from '../../components/Dialog.js';
import { useTouched } from '../../components/use-touched.js';
import { useUnsaved } from '../../components/use-unsaved.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { NameField } from '../../components/NameField.js';
import { TextField } from '../../components/TextField.js';
import { ExpiryPicker } from './ExpiryPicker.js';
import { useNow } from '../../components/use-now.js';
import { appErrorOf } from '../../bridge.js';
import { checkTokenForm, nameError, type TokenForm } from '../../lib/token-form.js';
import { expiryLimits, expiryRefusal, tokenPolicyView } from '../../lib/expiry-policy.js';
import { useTokenPolicy } from '../../data/connection-data.js';
import { activeCountBreach } from '../../../src-shared/token-policy.js';
import { lostToken, useCreateToken } from './token-mutations.js';

export type CreateTokenDialogProps = {
  connectionId: string;
  accountId: string;
  accountName: string;
  /** The account's own roles: a token can have these and no others. */
  accountRoles: readonly RoleName[];
  /** The account's grants and denies: every token of it holds the grants, less the denies. */
  accountOverrides: { grants: readonly string[]; denies: readonly string[] };
  /** Who is asking: a role beyond their own permissions is offered disabled, with the reason. */
  actor?: Actor | undefined;
  takenNames: readonly string[];
  /** How many of the account's tokens are active now: the domain's policy may cap it. */
  activeCount: number;
  blockedReason: string | null;
  /** The new token and its secret, for the reveal dialog (and nowhere else). */
  onRevealed: (token: TokenMeta, secret: string) => void;
  /** The server made the token but its answer was lost: the secret can never be shown. */
  onLost: (tokenName: string, input: CreateTokenBody) => void;
  onClose: () => void;
};

/** "Generate new token": name, expiration, roles, optional max RPS. */
export function CreateTokenDialog(props: CreateTokenDialogProps) {
  const { connectionId, accountId, accountName, accountRoles, accountOverrides, actor, takenNames, onClose } = props;
  const create = useCreateToken(connectionId, accountId, ({ secret, answer }) =>
    props.onRevealed(answer.token, secret),
  );
  const blockedRole = (role: RoleName): string | null => {
    const decision = actor ? canGrantRoles(actor, [role]) : null;
    return decision && !decision.allowed ? decision.reason : null;
  };
  const now = useNow(60_000);
  const policy = useTokenPolicy();
  const policyToken = (roles: readonly RoleName[]) => tokenPolicyView({ roles: [...roles] }, accountOverrides);
  const [form, setForm] = useState<TokenForm>(() => {
    const roles = accountRoles.filter((role) => blockedRole(role) === null);
    return { name: '', expiry: expiryLimits(policy, policyToken(roles), now).defaultChoice, roles, maxRps: '' };
  });
  // What the domain's policy allows this token: longer expiries are disabled, with the reason.
  const limits = expiryLimits(policy, policyToken(form.roles), now);
  const expiryRefused = expiryRefusal(policy, policyToken(form.roles), form.expiry, now);
  const countRefused = policy ? (activeCountBreach(policy, props.activeCount)?.message ?? null) : null;
  // Errors show once a field was changed and left, or after a try to generate (useTouched).
  const touch = useTouched<keyof TokenForm>();
  const check = useMemo(
    () => checkTokenForm(form, { now, accountRoles, takenNames }),
    [form, now, accountRoles, takenNames],
  );
  // The whole token's ceiling (its roles and the account's grants), as the server checks it on create.
  const issue = actor ? canIssueToken(actor, form.roles, accountOverrides) : null;
  const blockedReason = props.blockedReason ?? (issue && !issue.allowed ? issue.reason : null) ?? countRefused;
  const errors = check.errors ?? {};
  const shown = {
    name: touch.shows('name') ? nameError(form.name, takenNames) : undefined,
    // A choice the policy refuses (the roles changed under it) is said at once.
    expiry:
      (form.expiry.kind === 'custom' && touch.shows('expiry') ? errors.expiry : undefined) ??
      expiryRefused ??
      undefined,
    roles: touch.shows('roles') ? errors.roles : undefined,
    maxRps: touch.shows('maxRps') ? errors.maxRps : undefined,
  };

  function update(patch: Partial<TokenForm>) {
    setForm((was) => ({ ...was, ...patch }));
    for (const field of Object.keys(patch) as (keyof TokenForm)[]) touch.change(field);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    touch.submit();
    if (!check.body || create.isPending || blockedReason || expiryRefused) return;
    // Checked again at the moment of sending, so "30 days" counts from now, not from when it opened.
    const fresh = checkTokenForm(form, { now: Date.now(), accountRoles, takenNames });
    if (!fresh.body) return;
    const input = fresh.body;
    create.mutate(input, {
      onError: (error) => {
        const failure = appErrorOf(error);
        if (failure.code === 'secret_lost') props.onLost(lostToken(failure)?.name ?? input.name, input);
      },
    });
  }
  // A lost secret moves on to its own dialog; any other refusal is said here.
  const lost = create.error !== null && appErrorOf(create.error).code === 'secret_lost';

  function toggleRole(role: RoleName, on: boolean) {
    const next = new Set(form.roles);
    if (on) next.add(role);
    else next.delete(role);
    update({ roles: accountRoles.filter((r) => next.has(r)) });
  }

  const unsaved = useUnsaved(form);
  return (
    <Dialog
      title="Generate new token"
      onClose={onClose}
      dirty={unsaved}
      description={
        <p>
          A new API token for <strong>{accountName}</strong>. Its secret is shown once, right after you generate it.
        </p>
      }
    >
      <form className="form" noValidate aria-label="New token" onSubmit={onSubmit}>
        <NameField
          value={form.name}
          onChange={(name) => update({ name })}
          onBlur={touch.blurOf('name')}
          error={shown.name}
          hint={TOKEN_NAME_RULE}
        />
        <div className="touch-group" onBlur={touch.blurOf('expiry')}>
          <ExpiryPicker
            value={form.expiry}
            now={now}
            limits={limits}
            error={shown.expiry}
            onChange={(expiry) => update({ expiry })}
          />
        </div>
        <fieldset className={`fieldset${shown.roles ? ' fieldset--invalid' : ''}`} onBlur={touch.blurOf('roles')}>
          <legend className="field__label">Roles</legend>
          {accountRoles.length === 0 ? (
            <p className="field__hint">
              This service account has no roles, so the token has none either: it holds the permissions granted to the
              account.
            </p>
          ) : (
            <div className="token-roles">
              {accountRoles.map((role) => (
                <label key={role} className="checkbox" title={blockedRole(role) ?? undefined}>
                  <input
                    type="checkbox"
                    checked={form.roles.includes(role)}
                    disabled={blockedRole(role) !== null}
                    onChange={(event) => toggleRole(role, event.target.checked)}
                  />
                  {role}
                </label>
              ))}
            </div>
          )}
          <p className="field__hint">
            A token can have only roles its service account has; it also holds the account’s granted permissions, minus
            its denied ones.
          </p>
          {accountRoles
            .filter((role) => blockedRole(role) !== null)
            .map((role) => (
              <p key={role} className="field__hint">
                {blockedRole(role)}
              </p>
            ))}
          {shown.roles ? (
            <p className="field__error" role="alert">
              {shown.roles}
            </p>
          ) : null}
        </fieldset>
        <TextField
          label="Max RPS (optional)"
          value={form.maxRps}
          onChange={(maxRps) => update({ maxRps })}
          error={shown.maxRps}
          onBlur={touch.blurOf('maxRps')}
          hint="Requests per second this token may make. Leave empty for no cap."
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          className="field--short"
        />
        {lost ? null : <MutationError mutation={create} prefix="Could not generate the token:" />}
        <FormActions
          label="Generate"
          busyLabel="Generating…"
          busy={create.isPending}
          blockedReason={blockedReason}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
