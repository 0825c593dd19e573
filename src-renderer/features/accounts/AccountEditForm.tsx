import { meActor } from '../../../src-shared/api/me.js';
import { useState, type FormEvent } from 'react';
import type { Role } from '../../../src-shared/api/models.js';
import { NAME_IMMUTABLE_MESSAGE } from '../../../src-shared/api/service-accounts.js';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { MutationError } from '../../components/MutationError.js';
import { TextAreaField } from '../../components/TextAreaField.js';
import { TextField } from '../../components/TextField.js';
import { useTouched } from '../../components/use-touched.js';
import {
  DESCRIPTION_MAX,
  EDIT_FIELDS,
  editFormFrom,
  fieldErrorsFromFailure,
  validateEditForm,
  type EditErrors,
  type EditField,
  type EditFormValues,
} from '../../lib/account-form.js';
import { appErrorOf } from '../../bridge.js';
import { useMe } from '../../data/connection-data.js';
import { useUpdateAccount } from './account-mutations.js';
import { BasicAuthField } from './BasicAuthField.js';
import { GroupPicker } from './GroupPicker.js';
import { RolePicker } from './RolePicker.js';
import { useChangeGate } from './use-account-access.js';

export type AccountEditFormProps = {
  connectionId: string;
  account: AccountRow;
  roles: readonly Role[];
  groupOptions: readonly string[];
  myGroups: readonly string[];
  onDone: () => void;
};

export const NAME_FIXED_TEXT = "The name can't be changed.";

/** The Info tab in edit mode: description, roles, groups and Basic Auth; the name stays as it is. */
export function AccountEditForm(props: AccountEditFormProps) {
  const { connectionId, account, roles, groupOptions, myGroups, onDone } = props;
  const update = useUpdateAccount(connectionId, account.id);
  const me = useMe();
  const gate = useChangeGate(account);
  const [values, setValues] = useState<EditFormValues>(() => editFormFrom(account));
  const [serverErrors, setServerErrors] = useState<EditErrors>({});
  // A field's own error shows once it was changed and left, or after a try to save (useTouched): an
  // account saved without roles opens quietly, and Save says what is missing.
  const touch = useTouched<EditField>();
  const validated = validateEditForm(values, account);
  const localErrors: EditErrors = validated.ok ? {} : validated.errors;
  const errorFor = (field: EditField) => (touch.shows(field) ? localErrors[field] : undefined) ?? serverErrors[field];

  function change<K extends EditField>(key: K, value: EditFormValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
    touch.change(key);
    setServerErrors((current) => ({ ...current, [key]: undefined }));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    touch.submit();
    if (update.isPending || !validated.ok || !validated.changed) return;
    update.mutate(validated.patch, {
      onSuccess: onDone,
      // The server's message is always shown, in its words; field messages point at the cause.
      onError: (error) => setServerErrors(fieldErrorsFromFailure(appErrorOf(error), EDIT_FIELDS)),
    });
  }

  // Save stays on while the form has a mistake: a try to save is what shows every field's error.
  const unchanged = validated.ok && !validated.changed;
  const options = [...new Set([...groupOptions, ...account.groups])].sort();
  return (
    <form className="form edit-form" noValidate aria-label="Edit service account" onSubmit={onSubmit}>
      <TextField
        label="Name"
        value={account.name}
        onChange={() => undefined}
        readOnly
        className="field--readonly"
        hint={
          <>
            <strong>{NAME_FIXED_TEXT}</strong> {NAME_IMMUTABLE_MESSAGE}
          </>
        }
      />
      <TextAreaField
        label="Description"
        value={values.description}
        onChange={(value) => change('description', value)}
        onBlur={touch.blurOf('description')}
        max={DESCRIPTION_MAX}
        error={errorFor('description')}
      />
      <div className="touch-group" onBlur={touch.blurOf('roles')}>
        <RolePicker
          value={values.roles}
          onChange={(next) => change('roles', next)}
          roles={roles}
          actor={me ? meActor(me) : undefined}
          error={errorFor('roles')}
        />
      </div>
      <div className="touch-group" onBlur={touch.blurOf('groups')}>
        <GroupPicker
          value={values.groups}
          onChange={(next) => change('groups', next)}
          options={options}
          myGroups={myGroups}
          actor={me ? meActor(me) : undefined}
          current={account.groups}
          emptyMeansMine={false}
          error={errorFor('groups')}
        />
      </div>
      <BasicAuthField checked={values.basicAuthEnabled} onChange={(next) => change('basicAuthEnabled', next)} />
      <MutationError mutation={update} prefix="Could not save:" />
      <div className="form__actions">
        <ChangeButton
          type="submit"
          className="button button--primary"
          disabled={unchanged || update.isPending}
          blockedReason={gate.reason}
          title={unchanged ? 'Nothing has changed yet' : undefined}
        >
          {update.isPending ? 'Saving…' : 'Save'}
        </ChangeButton>
        <button type="button" className="button button--ghost" onClick={onDone}>
          Cancel
        </button>
        {unchanged ? <span className="muted small">No changes yet.</span> : null}
      </div>
    </form>
  );
}
