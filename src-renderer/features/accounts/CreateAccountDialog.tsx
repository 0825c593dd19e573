import { meActor } from '../../../src-shared/api/me.js';
import { canSetAccountPermissions } from '../../../src-shared/authz.js';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { AccountDetail } from '../../../src-shared/ipc/models.js';
import { SERVICE_ACCOUNT_NAME_RULE } from '../../../src-shared/validation.js';
import { Dialog } from '../../components/Dialog.js';
import { useTouched } from '../../components/use-touched.js';
import { useUnsaved } from '../../components/use-unsaved.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { TextAreaField } from '../../components/TextAreaField.js';
import { TextField } from '../../components/TextField.js';
import {
  CREATE_FIELDS,
  DESCRIPTION_MAX,
  copiedPermissions,
  emptyCreateForm,
  fieldErrorsFromFailure,
  resultingAccess,
  resultingPermissions,
  validateCreateForm,
  type CreateErrors,
  type CreateField,
  type CreateFormValues,
} from '../../lib/account-form.js';
import { appErrorOf } from '../../bridge.js';
import { useSnapshot } from '../../data/connection-data.js';
import { joinWords } from '../../lib/words.js';
import { useCreateAccount } from './account-mutations.js';
import { BasicAuthField } from './BasicAuthField.js';
import { CopyFromPicker } from './CopyFromPicker.js';
import { GrantPicker } from './GrantPicker.js';
import { GroupPicker } from './GroupPicker.js';
import { PermissionsPreview } from './PermissionsPreview.js';
import { RolePicker } from './RolePicker.js';

export type CreateAccountDialogProps = {
  connectionId: string;
  onClose: () => void;
  onCreated: (account: AccountDetail) => void;
};

const MISSING_TEXT: Record<CreateField, string> = {
  name: 'a valid name',
  description: 'a shorter description',
  roles: 'at least one role or permission',
  groups: 'valid groups',
  copyFrom: 'what to copy from',
};

/**
 * New service account. Checked against the shared rules; a field's error shows once the field was
 * changed and left, or after a try to create (which shows them all; what is missing is said next to
 * Create). The server has the last word:
 * a taken name comes back as its 409 under the name field, anything else under the form.
 */
export function CreateAccountDialog({ connectionId, onClose, onCreated }: CreateAccountDialogProps) {
  const snapshot = useSnapshot().data;
  const create = useCreateAccount(connectionId);
  const accounts = useMemo(() => snapshot?.accounts ?? [], [snapshot]);
  const myGroups = useMemo(() => snapshot?.me.groups ?? [], [snapshot]);
  const [values, setValues] = useState<CreateFormValues>(() => emptyCreateForm(myGroups));
  const touch = useTouched<CreateField>();
  const [serverErrors, setServerErrors] = useState<CreateErrors>({});
  const nameInput = useRef<HTMLInputElement>(null);
  const whyId = useId();

  const validated = validateCreateForm(values, accounts);
  const localErrors: CreateErrors = validated.ok ? {} : validated.errors;
  // A field's own error once it was changed and left, or after a try to create; the server's at once.
  const errorFor = (field: CreateField) => (touch.shows(field) ? localErrors[field] : undefined) ?? serverErrors[field];

  const groupOptions = useMemo(
    () => [...new Set([...(snapshot?.groups ?? []).map((g) => g.name), ...myGroups])].sort(),
    [snapshot, myGroups],
  );
  const access = resultingAccess(values, accounts);
  const copiedAccess = copiedPermissions(values.copyFrom, accounts);
  const copied = copiedAccess.roles;
  const actor = snapshot?.me ? meActor(snapshot.me) : undefined;
  // The ceiling over everything the new account would hold, a copy included (the server's own rule).
  const ceiling = actor ? canSetAccountPermissions(actor, null, access) : null;
  const ceilingReason = ceiling && !ceiling.allowed ? ceiling.reason : null;

  function change<K extends keyof CreateFormValues>(key: K, value: CreateFormValues[K], field?: CreateField) {
    setValues((current) => ({ ...current, [key]: value }));
    if (field) {
      touch.change(field);
      // A server complaint about a field is about the old value.
      setServerErrors((current) => ({ ...current, [field]: undefined }));
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    touch.submit();
    if (!validated.ok) {
      if (localErrors.name) nameInput.current?.focus();
      return;
    }
    if (create.isPending || serverBlocks || ceilingReason) return;
    create.mutate(validated.body, {
      onSuccess: onCreated,
      onError: (error) => {
        const fields = fieldErrorsFromFailure(appErrorOf(error), CREATE_FIELDS);
        setServerErrors(fields);
        if (fields.name) nameInput.current?.focus();
      },
    });
  }

  const failedField =
    create.error !== null && Object.keys(fieldErrorsFromFailure(appErrorOf(create.error), CREATE_FIELDS)).length > 0;
  // Until the field the server complained about changes, sending again would get the same answer.
  const serverBlocks = Object.values(serverErrors).some(Boolean);
  const missing = validated.ok ? [] : CREATE_FIELDS.filter((f) => localErrors[f]).map((f) => MISSING_TEXT[f]);
  const copyNote =
    values.copyFrom.kind === 'role' && values.copyFrom.role
      ? `the role ${values.copyFrom.role} (copied)`
      : values.copyFrom.kind === 'account' && values.copyFrom.accountId
        ? `the roles${copiedAccess.grants.length + copiedAccess.denies.length > 0 ? ', grants and denies' : ''} of ${accounts.find((a) => a.id === (values.copyFrom as { accountId: string }).accountId)?.name ?? 'that account'} (copied${copied.length === 0 ? ': it has no roles' : ''})`
        : null;

  const unsaved = useUnsaved(values);
  return (
    <Dialog title="New service account" size="large" onClose={onClose} dirty={unsaved}>
      <form className="form create-account" noValidate aria-label="New service account" onSubmit={onSubmit}>
        <div className="create-account__columns">
          <div className="create-account__main">
            <TextField
              label="Name"
              value={values.name}
              onChange={(value) => change('name', value, 'name')}
              error={errorFor('name')}
              hint={SERVICE_ACCOUNT_NAME_RULE}
              inputRef={nameInput}
              onBlur={touch.blurOf('name')}
              placeholder="ci_deployer"
              autoComplete="off"
              spellCheck={false}
            />
            <TextAreaField
              label="Description"
              value={values.description}
              onChange={(value) => change('description', value, 'description')}
              max={DESCRIPTION_MAX}
              error={errorFor('description')}
              placeholder="What uses this account, and who to ask about it"
              onBlur={touch.blurOf('description')}
            />
            <div className="touch-group" onBlur={touch.blurOf('copyFrom')}>
              <CopyFromPicker
                value={values.copyFrom}
                onChange={(next) => change('copyFrom', next, 'copyFrom')}
                accounts={accounts}
                error={errorFor('copyFrom')}
              />
            </div>
            <div className="touch-group" onBlur={touch.blurOf('roles')}>
              <RolePicker
                value={values.roles}
                onChange={(next) => change('roles', next, 'roles')}
                roles={snapshot?.roles ?? []}
                fromCopy={copied}
                actor={actor}
                legend={values.copyFrom.kind === 'scratch' ? 'Roles' : 'Roles (added to the copy)'}
                error={errorFor('roles')}
              />
            </div>
            <div className="touch-group" onBlur={touch.blurOf('roles')}>
              <GrantPicker
                value={values.grants}
                onChange={(next) => change('grants', next, 'roles')}
                given={resultingPermissions({ roles: access.roles })}
                denied={copiedAccess.denies}
                actor={actor}
                legend={
                  values.copyFrom.kind === 'scratch'
                    ? 'Permissions, one by one'
                    : 'Permissions, one by one (added to the copy)'
                }
              />
            </div>
          </div>
          <div className="create-account__side">
            <PermissionsPreview
              roles={access.roles}
              grants={access.grants}
              denies={access.denies}
              copyNote={copyNote}
            />
            <div className="touch-group" onBlur={touch.blurOf('groups')}>
              <GroupPicker
                value={values.groups}
                onChange={(next) => change('groups', next, 'groups')}
                options={groupOptions}
                myGroups={myGroups}
                actor={actor}
                emptyMeansMine
                error={errorFor('groups')}
              />
            </div>
            <BasicAuthField checked={values.basicAuthEnabled} onChange={(next) => change('basicAuthEnabled', next)} />
          </div>
        </div>

        {/* A refusal about a field is shown under it; any other, under the form. */}
        {failedField ? null : <MutationError mutation={create} prefix="Could not create:" />}

        <FormActions
          label="Create"
          busyLabel="Creating…"
          busy={create.isPending}
          disabled={serverBlocks}
          blockedReason={missing.length > 0 ? null : ceilingReason}
          describedBy={missing.length > 0 || serverBlocks || ceilingReason ? whyId : undefined}
          onCancel={onClose}
        >
          {missing.length > 0 ? (
            <p id={whyId} className="form__why">
              To create it, give {joinWords(missing)}.
            </p>
          ) : serverBlocks ? (
            <p id={whyId} className="form__why">
              Change what the server pointed out to try again.
            </p>
          ) : ceilingReason ? (
            <p id={whyId} className="form__why">
              {ceilingReason}
            </p>
          ) : null}
        </FormActions>
      </form>
    </Dialog>
  );
}
