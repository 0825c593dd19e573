import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { PolicyViolation } from '../../../src-shared/api/token-policy.js';
import { ROLE_NAMES, type RoleName } from '../../../src-shared/roles.js';
import { DEFAULT_TOKEN_POLICY, TokenPolicy } from '../../../src-shared/token-policy.js';
import { appErrorOf, request } from '../../bridge.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { TextField } from '../../components/TextField.js';
import { useCanChange } from '../../components/use-can-change.js';
import { useMe, useSelectedConnection, useTokenPolicy } from '../../data/connection-data.js';
import { policyViolationsQuery, snapshotQuery, tokenPolicyQuery } from '../../data/queries.js';
import { queryClient } from '../../data/query-client.js';
import { queryKeys } from '../../data/query-keys.js';
import { firstMessage } from '../../lib/field-errors.js';
import { formatExpiryDate } from '../../lib/token-form.js';

/** The form's text fields: empty is "no limit". */
type PolicyForm = {
  serviceAccountDays: string;
  personalDays: string;
  allowedFor: RoleName[];
  maxActive: string;
  autoSuspendDays: string;
};

const text = (n: number | null) => (n === null ? '' : String(n));
const number = (value: string) => (value.trim() === '' ? null : Number(value));

function formOf(policy: TokenPolicy): PolicyForm {
  return {
    serviceAccountDays: text(policy.serviceAccountTokens.maxLifetimeDays),
    personalDays: text(policy.personalTokens.maxLifetimeDays),
    allowedFor: [...policy.neverExpiring.allowedFor],
    maxActive: text(policy.maxActiveTokensPerAccount),
    autoSuspendDays: text(policy.autoSuspendAfterDaysUnused),
  };
}

function policyOf(form: PolicyForm) {
  return TokenPolicy.safeParse({
    serviceAccountTokens: { maxLifetimeDays: number(form.serviceAccountDays) },
    personalTokens: { maxLifetimeDays: number(form.personalDays) },
    neverExpiring: { allowedFor: ROLE_NAMES.filter((role) => form.allowedFor.includes(role)) },
    maxActiveTokensPerAccount: number(form.maxActive),
    autoSuspendAfterDaysUnused: number(form.autoSuspendDays),
  });
}

/**
 * Whether a new policy can suspend tokens that work today, the user's own among them: auto-suspend
 * turned on or made shorter. Such a change asks first (see the confirmation's words).
 */
function suspendsMore(before: TokenPolicy, after: TokenPolicy): boolean {
  const was = before.autoSuspendAfterDaysUnused;
  const now = after.autoSuspendAfterDaysUnused;
  return now !== null && (was === null || now < was);
}

const RULE_WORDS: Record<PolicyViolation['rule'], string> = {
  maxLifetimeDays: 'Lives too long',
  neverExpiring: 'Never expires',
  maxActiveTokensPerAccount: 'Too many active tokens',
};

function valueLabel(value: PolicyViolation['allowed'] | null, rule: PolicyViolation['rule']): string {
  if (value === null) return rule === 'maxLifetimeDays' ? 'never expires' : '—';
  if (Array.isArray(value)) return value.length === 0 ? 'no role' : value.join(', ');
  return rule === 'maxActiveTokensPerAccount' ? `${value}` : `${value} days`;
}

const VIOLATION_COLUMNS: readonly Column<PolicyViolation>[] = [
  {
    header: 'Account',
    rowHeader: true,
    className: 'cell-name strong',
    cell: (v) => `${v.accountName}${v.kind === 'personal' ? ' (person)' : ''}`,
  },
  { header: 'Token', width: '22%', cell: (v) => v.tokenName ?? 'All its active tokens' },
  { header: 'Rule', width: '20%', cell: (v) => RULE_WORDS[v.rule] },
  { header: 'Allowed', width: '16%', cell: (v) => valueLabel(v.allowed, v.rule) },
  { header: 'Now', width: '14%', cell: (v) => valueLabel(v.actual, v.rule) },
];

/**
 * The domain's token policy on the connection shown: everyone reads it (offline too, from the
 * cache), with the tokens that break it; Admins change it. A change that could suspend working
 * tokens, the Admin's own among them, asks first.
 */
export function PolicySection() {
  const connection = useSelectedConnection();
  const connectionId = connection?.id ?? '';
  const me = useMe();
  const cached = useTokenPolicy();
  const online = useCanChange();
  const live = useQuery({ ...tokenPolicyQuery(connectionId), enabled: connection !== null && online.canChange });
  const violations = useQuery({
    ...policyViolationsQuery(connectionId),
    enabled: connection !== null && online.canChange,
  });
  const policy = live.data?.policy ?? cached;
  const admin = me?.roles.includes('Admin') ?? false;
  const [form, setForm] = useState<PolicyForm | null>(null);
  const [confirming, setConfirming] = useState(false);
  const save = useMutation({
    mutationFn: (next: TokenPolicy) => request((bridge) => bridge.tokenPolicy.set({ connectionId, policy: next })),
    onSuccess: (answer) => {
      queryClient.setQueryData(queryKeys.tokenPolicy(connectionId), answer);
      // The dialogs read the policy from the snapshot: it is what main now keeps.
      queryClient.setQueryData(snapshotQuery(connectionId).queryKey, (snapshot) =>
        snapshot ? { ...snapshot, tokenPolicy: answer.policy } : snapshot,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.policyViolations(connectionId) });
      setForm(null);
      setConfirming(false);
    },
  });

  if (connection === null) return null;
  const shown = form ?? formOf(policy ?? DEFAULT_TOKEN_POLICY);
  const parsed = policyOf(shown);
  const error = parsed.success ? undefined : firstMessage(parsed.error);
  const update = (patch: Partial<PolicyForm>) => setForm({ ...shown, ...patch });
  const readOnly = !admin || !online.canChange;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!parsed.success || save.isPending || readOnly) return;
    if (suspendsMore(policy ?? DEFAULT_TOKEN_POLICY, parsed.data)) setConfirming(true);
    else save.mutate(parsed.data);
  }

  /** A whole-number field of the form; empty means no limit. */
  const numberField = (label: string, key: Exclude<keyof PolicyForm, 'allowedFor'>, hint: string) => (
    <TextField
      label={label}
      value={shown[key]}
      onChange={(value) => update({ [key]: value })}
      hint={hint}
      type="number"
      inputMode="numeric"
      min={1}
      step={1}
      className="field--short"
      disabled={readOnly}
    />
  );

  return (
    <>
      <section className="settings__section" aria-labelledby="settings-policy">
        <h2 id="settings-policy" className="settings__title">
          Token policy of {connection.name}
        </h2>
        <p className="muted small">
          Set by the server for domain {connection.domain}, for every admin and every app. A change never alters
          existing tokens: those that break it are listed below.
          {live.data?.updatedAt
            ? ` Last changed by ${live.data.updatedBy ?? 'unknown'} on ${formatExpiryDate(new Date(live.data.updatedAt))}.`
            : ''}
        </p>
        {policy === null ? (
          <p className="notice notice--info">
            This server has not said what its token policy is yet: sync once it is reachable.
          </p>
        ) : null}
        {!admin ? <p className="muted small">Only Admins can change the policy; you can read it.</p> : null}
        <form className="form" noValidate aria-label="Token policy" onSubmit={onSubmit}>
          {numberField(
            'Service-account tokens live at most (days)',
            'serviceAccountDays',
            'Empty for no limit. A token that never expires breaks any limit.',
          )}
          {numberField('Personal tokens live at most (days)', 'personalDays', 'Empty for no limit.')}
          <fieldset className="fieldset">
            <legend className="field__label">Tokens that never expire are allowed for</legend>
            <div className="token-roles">
              {ROLE_NAMES.map((role) => (
                <label key={role} className="checkbox">
                  <input
                    type="checkbox"
                    checked={shown.allowedFor.includes(role)}
                    disabled={readOnly}
                    onChange={(event) =>
                      update({
                        allowedFor: event.target.checked
                          ? [...shown.allowedFor, role]
                          : shown.allowedFor.filter((r) => r !== role),
                      })
                    }
                  />
                  {role}
                </label>
              ))}
            </div>
            <p className="field__hint">
              A token counts as Admin when it holds a permission only Admin has, whatever its roles say.
            </p>
          </fieldset>
          {numberField(
            'Active tokens per account, at most',
            'maxActive',
            'Empty for no limit. Suspended, expired and rotated-out tokens do not count.',
          )}
          {numberField(
            'Suspend tokens unused for (days)',
            'autoSuspendDays',
            'Empty to never suspend. A token never used counts from its creation; the server checks every minute.',
          )}
          {live.data ? (
            <p className="muted small">
              {live.data.autoSuspend.lastRunAt
                ? `Auto-suspend last ran on ${formatExpiryDate(new Date(live.data.autoSuspend.lastRunAt))} and suspended ${live.data.autoSuspend.lastSuspended} token${live.data.autoSuspend.lastSuspended === 1 ? '' : 's'} (${live.data.autoSuspend.totalSuspended} in all).`
                : 'Auto-suspend has not run in this domain.'}
            </p>
          ) : null}
          {error && form !== null ? (
            <p className="field__error" role="alert">
              {error}
            </p>
          ) : null}
          {confirming ? null : <MutationError mutation={save} prefix="Could not save the policy:" />}
          {admin ? (
            <FormActions
              label="Save policy"
              busyLabel="Saving…"
              busy={save.isPending}
              blockedReason={online.reason ?? (form === null ? 'Nothing changed yet.' : null)}
              onCancel={form === null ? undefined : () => setForm(null)}
              cancelLabel="Undo changes"
            />
          ) : null}
        </form>
        {confirming && parsed.success ? (
          <ConfirmDialog
            title="Suspend unused tokens?"
            description={
              <p>
                Every token unused for {parsed.data.autoSuspendAfterDaysUnused} days will be suspended within a minute,
                yours included. A suspended token stops working until an admin reactivates it.
              </p>
            }
            confirmLabel="Save and suspend"
            busyLabel="Saving…"
            mutation={save}
            errorPrefix="Could not save the policy:"
            onConfirm={() => save.mutate(parsed.data)}
            onClose={() => setConfirming(false)}
          >
            <p className="muted small">
              If every Admin token ends up suspended, run <code>npm run server -- reset-admin</code> on the server to
              get a new one.
            </p>
          </ConfirmDialog>
        ) : null}
      </section>
      {/* Wider than the form above: five columns of words need the room. */}
      <section className="settings__section settings__section--wide" aria-labelledby="settings-violations">
        <h3 id="settings-violations" className="settings__subtitle">
          Tokens that break the policy
        </h3>
        {online.canChange ? null : (
          <p className="muted small">The list is read from the server: {online.reason.toLowerCase()}.</p>
        )}
        {violations.error ? (
          <ErrorMessage error={appErrorOf(violations.error)} prefix="Could not read the list:" />
        ) : null}
        <DataTable
          label="Tokens that break the policy"
          className="table--violations"
          columns={VIOLATION_COLUMNS}
          rows={online.canChange ? violations.data?.items : []}
          rowKey={(v) => `${v.accountId}/${v.tokenName ?? ''}/${v.rule}`}
          failed={violations.error !== null}
          loading={<p className="muted">Loading…</p>}
          empty={
            online.canChange ? (
              <EmptyState title="Every token follows the policy">
                <p>No active token or account breaks it.</p>
              </EmptyState>
            ) : null
          }
        />
      </section>
    </>
  );
}
