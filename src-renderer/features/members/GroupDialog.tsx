import { useState, type FormEvent } from 'react';
import { CreateGroupBody, PatchGroupBody, type Group } from '../../../src-shared/api/directory.js';
import type { AppError } from '../../../src-shared/errors.js';
import { GroupName } from '../../../src-shared/validation.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { TextAreaField } from '../../components/TextAreaField.js';
import { TextField } from '../../components/TextField.js';

export type GroupDialogProps = {
  group?: Group;
  takenNames: readonly string[];
  blockedReason: string | null;
  onSave: (body: CreateGroupBody | PatchGroupBody) => Promise<AppError | null>;
  onClose: () => void;
};

/** "New group" (name and description) or "Edit group" (description only: the name is its key). */
export function GroupDialog({ group, takenNames, blockedReason, onSave, onClose }: GroupDialogProps) {
  const adding = !group;
  const [name, setName] = useState('');
  const [description, setDescription] = useState(group?.description ?? '');
  const [submitted, setSubmitted] = useState(false);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const parsedName = GroupName.safeParse(name);
  const nameError = !parsedName.success
    ? parsedName.error.issues[0]?.message
    : takenNames.includes(name)
      ? 'A group with that name already exists.'
      : undefined;
  const parsed = adding ? CreateGroupBody.safeParse({ name, description }) : PatchGroupBody.safeParse({ description });
  const descriptionError = parsed.success
    ? undefined
    : parsed.error.issues.find((i) => i.path[0] === 'description')?.message;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (sending || blockedReason || !parsed.success || (adding && nameError)) return;
    setSending(true);
    setFailure(null);
    const error = await onSave(parsed.data);
    setSending(false);
    if (error) setFailure(error);
  }

  return (
    <Dialog title={adding ? 'New group' : `Edit group ${group.name}`} onClose={onClose}>
      <form className="form" noValidate aria-label={adding ? 'New group' : 'Group'} onSubmit={(e) => void onSubmit(e)}>
        {adding ? (
          <TextField
            label="Name"
            value={name}
            onChange={setName}
            error={name !== '' || submitted ? nameError : undefined}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
          />
        ) : null}
        <TextAreaField label="Description" value={description} onChange={setDescription} error={descriptionError} />
        {failure ? <ErrorMessage error={failure} prefix="Could not save the group:" /> : null}
        <div className="form__actions">
          <span className="form__spacer" />
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <ChangeButton
            type="submit"
            className="button button--primary"
            disabled={sending}
            blockedReason={blockedReason}
          >
            {sending ? 'Saving…' : adding ? 'Create group' : 'Save'}
          </ChangeButton>
        </div>
      </form>
    </Dialog>
  );
}
