import { useState, type FormEvent } from 'react';
import type { Bundle } from '../../../src-shared/api/bundles.js';
import { CreateGroupBody, PatchGroupBody, type Group, type Member } from '../../../src-shared/api/directory.js';
import { leavesNoManager, NO_MANAGER_LEFT_REASON, type Actor } from '../../../src-shared/authz.js';
import { GroupName } from '../../../src-shared/validation.js';
import { Dialog } from '../../components/Dialog.js';
import { useTouched } from '../../components/use-touched.js';
import { useUnsaved } from '../../components/use-unsaved.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { TextAreaField } from '../../components/TextAreaField.js';
import { NameField } from '../../components/NameField.js';
import { fieldErrors, valueError } from '../../lib/field-errors.js';
import { peopleWithBundles } from './bundle-holders.js';
import { useSetGroupBundles } from './bundle-mutations.js';
import { BundleChecklist } from './BundleChecklist.js';
import { useSaveGroup } from './directory-mutations.js';

export type GroupDialogProps = {
  connectionId: string;
  group?: Group;
  takenNames: readonly string[];
  blockedReason: string | null;
  /** Who is granting bundles (the ceiling), and the domain's people, groups and bundles. */
  actor: Actor | undefined;
  members: readonly Member[];
  groups: readonly Group[];
  bundles: readonly Bundle[];
  onClose: () => void;
};

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));

/**
 * "New group" (name and description) or "Edit group" (description and bundles: the name is its key).
 * Granting a bundle is limited by the ceiling (BundleChecklist); taking away the last source of
 * member.manage in the domain is disabled with the shared rule's reason. Bundles are a second call, after
 * the description is saved.
 */
export function GroupDialog(props: GroupDialogProps) {
  const { connectionId, group, takenNames, blockedReason, onClose } = props;
  const adding = !group;
  const save = useSaveGroup(connectionId, group?.name);
  const grant = useSetGroupBundles(connectionId);
  const [granted, setGranted] = useState<string[]>(group ? [...group.bundles] : []);
  const bundlesChanged = group !== undefined && !sameSet(granted, group.bundles);
  const lastManager =
    group && bundlesChanged
      ? leavesNoManager(
          peopleWithBundles(props.members, props.groups, props.bundles),
          peopleWithBundles(props.members, props.groups, props.bundles, { group: group.name, bundles: granted }),
        )
        ? NO_MANAGER_LEFT_REASON
        : null
      : null;
  const refused = blockedReason ?? lastManager;
  const [name, setName] = useState('');
  const [description, setDescription] = useState(group?.description ?? '');
  // Errors show once a field was changed and left, or after a try to save (useTouched).
  const touch = useTouched<'name' | 'description'>();
  // Once this dialog has made the group, its name is taken by that very group.
  const nameError = save.data
    ? undefined
    : (valueError(GroupName, name) ??
      (takenNames.includes(name) ? 'A group with that name already exists.' : undefined));
  const parsed = adding ? CreateGroupBody.safeParse({ name, description }) : PatchGroupBody.safeParse({ description });
  const descriptionError = parsed.success ? undefined : fieldErrors(parsed.error.issues, ['description']).description;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    touch.submit();
    if (save.isPending || grant.isPending || refused || !parsed.success || (adding && nameError)) return;
    if (!group) {
      // A new group is made first, then given its bundles. If that second call fails the group exists:
      // trying again only grants (save.data holds it), rather than making it twice.
      const grantTo = (made: { name: string }) =>
        granted.length === 0 ? onClose() : grant.mutate({ name: made.name, bundles: granted }, { onSuccess: onClose });
      if (save.data) grantTo(save.data);
      else save.mutate(parsed.data, { onSuccess: grantTo });
      return;
    }
    const grantBundles = () => grant.mutate({ name: group.name, bundles: granted }, { onSuccess: onClose });
    if (bundlesChanged && description === group.description) grantBundles();
    else save.mutate(parsed.data, { onSuccess: bundlesChanged ? grantBundles : onClose });
  }

  const unsaved = useUnsaved({ name, description, granted });
  return (
    <Dialog title={adding ? 'New group' : `Edit group ${group.name}`} size="large" onClose={onClose} dirty={unsaved}>
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
        <BundleChecklist
          value={granted}
          onChange={setGranted}
          bundles={props.bundles}
          actor={props.actor}
          holder="group"
        />
        {lastManager ? <p className="blocked-reason">{lastManager}</p> : null}
        <MutationError mutation={save} prefix="Could not save the group:" />
        <MutationError mutation={grant} prefix="Could not change the bundles:" />
        <FormActions
          label={adding ? 'Create group' : 'Save'}
          busyLabel="Saving…"
          busy={save.isPending || grant.isPending}
          blockedReason={refused}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
