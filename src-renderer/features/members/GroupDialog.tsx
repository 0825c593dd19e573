import { useState, type FormEvent } from 'react';
import { CreateGroupBody, PatchGroupBody, type Group } from '../../../src-shared/api/directory.js';
import { GroupName } from '../../../src-shared/validation.js';
import { Dialog } from '../../components/Dialog.js';
import { useTouched } from '../../components/use-touched.js';
import { useUnsaved } from '../../components/use-unsaved.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { TextAreaField } from '../../components/TextAreaField.js';
import { NameField } from '../../components/NameField.js';
import { fieldErrors, valueError } from '../../lib/field-errors.js';
import { useSaveGroup } from './directory-mutations.js';

export type GroupDialogProps = {
  connectionId: string;
  group?: Group;
  takenNames: readonly string[];
  blockedReason: string | null;
  onClose: () => void;
};

/** "New group" (name and description) or "Edit group" (description only: the name is its key). */
export function GroupDialog({ connectionId, group, takenNames, blockedReason, onClose }: GroupDialogProps) {
  const adding = !group;
  const save = useSaveGroup(connectionId, group?.name);
  const [name, setName] = useState('');
  const [description, setDescription] = useState(group?.description ?? '');
  // Errors show once a field was changed and left, or after a try to save (useTouched).
  const touch = useTouched<'name' | 'description'>();
  const nameError =
    valueError(GroupName, name) ?? (takenNames.includes(name) ? 'A group with that name already exists.' : undefined);
  const parsed = adding ? CreateGroupBody.safeParse({ name, description }) : PatchGroupBody.safeParse({ description });
  const descriptionError = parsed.success ? undefined : fieldErrors(parsed.error.issues, ['description']).description;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    touch.submit();
    if (save.isPending || blockedReason || !parsed.success || (adding && nameError)) return;
    save.mutate(parsed.data, { onSuccess: onClose });
  }

  const unsaved = useUnsaved({ name, description });
  return (
    <Dialog title={adding ? 'New group' : `Edit group ${group.name}`} onClose={onClose} dirty={unsaved}>
      <form className="form" noValidate aria-label={adding ? 'New group' : 'Group'} onSubmit={onSubmit}>
        {adding ? (
          <NameField
            value={name}
            onChange={(next) => {
              setName(next);
              touch.change('name');
            }}
            onBlur={touch.blurOf('name')}
            error={touch.shows('name') ? nameError : undefined}
          />
        ) : null}
        <TextAreaField
          label="Description"
          value={description}
          onChange={(next) => {
            setDescription(next);
            touch.change('description');
          }}
          onBlur={touch.blurOf('description')}
          error={touch.shows('description') ? descriptionError : undefined}
        />
        <MutationError mutation={save} prefix="Could not save the group:" />
        <FormActions
          label={adding ? 'Create group' : 'Save'}
          busyLabel="Saving…"
          busy={save.isPending}
          blockedReason={blockedReason}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
