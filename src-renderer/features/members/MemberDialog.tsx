import { useState, type FormEvent } from 'react';
import {
  CreateMemberBody,
  PatchMemberBody,
  type CreatedMember,
  type Member,
} from '../../../src-shared/api/directory.js';
import type { Bundle } from '../../../src-shared/api/bundles.js';
import type { Group } from '../../../src-shared/api/directory.js';
import type { Role } from '../../../src-shared/api/models.js';
import { lastManagerReason, type Actor, type Person } from '../../../src-shared/authz.js';
import { permissionsOf, type RoleName } from '../../../src-shared/roles.js';
import { MemberName } from '../../../src-shared/validation.js';
import { Dialog } from '../../components/Dialog.js';
import { useTouched } from '../../components/use-touched.js';
import { useUnsaved } from '../../components/use-unsaved.js';
import { FormActions } from '../../components/FormActions.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { MutationError } from '../../components/MutationError.js';
import type { Revealed } from '../../data/secret-mutation.js';
import { NameField } from '../../components/NameField.js';
import { firstMessage, valueError } from '../../lib/field-errors.js';
import { RolePicker } from '../accounts/RolePicker.js';
import { joinGroupReason, peopleWithBundles, permissionsOfBundles } from './bundle-holders.js';
import { useSetMemberBundles } from './bundle-mutations.js';
import { BundleChecklist } from './BundleChecklist.js';
import { useCreateMember, useUpdateMember } from './directory-mutations.js';
import { GroupChecklist } from './GroupChecklist.js';

export type MemberDialogProps = {
  connectionId: string;
  /** The member being edited; absent to add one. */
  member?: Member;
  roles: readonly Role[];
  groupOptions: readonly string[];
  takenNames: readonly string[];
  actor: Actor | undefined;
  /** The user's own member id (from /me), to tell a change to themselves. */
  meId: string | undefined;
  /** The domain's people, groups and bundles: for the bundle checklist, and for the rule that someone must
   * still be able to manage members (through a role or a bundle). */
  members: readonly Member[];
  groups: readonly Group[];
  bundles: readonly Bundle[];
  blockedReason: string | null;
  /** A new member and their first token's secret, for the reveal dialog (and nowhere else). */
  onCreated: (created: Revealed<CreatedMember>) => void;
  onClose: () => void;
};

function nameError(name: string, taken: readonly string[]): string | undefined {
  const problem = valueError(MemberName, name);
  if (problem !== undefined) return problem;
  return taken.includes(name) ? 'A member with that name already exists.' : undefined;
}

const MEMBER_NAME_HINT = '2–64 lowercase letters, digits, dots, dashes or underscores.';

export const LOSE_MEMBER_MANAGE_TEXT =
  'You will no longer be able to manage members: once saved, you cannot add, change or remove members and groups, or give yourself this role back. Another member with the Admin role would have to.';

const managesMembers = (person: Pick<Person, 'roles' | 'bundlePermissions'>) =>
  permissionsOf(person.roles).includes('member.manage') || (person.bundlePermissions ?? []).includes('member.manage');

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));

/**
 * "Add member" (name, roles, groups) or "Edit member" (roles, groups and bundles), checked with the shared
 * schemas. Taking member.manage (from a role or a bundle) from the last person who holds it is disabled with
 * the shared rule's reason; taking it from yourself while others keep it asks first. Bundles are granted
 * once the member exists: a second call after the roles and groups are saved.
 */
export function MemberDialog(props: MemberDialogProps) {
  const { connectionId, member, roles, groupOptions, takenNames, actor, meId, blockedReason, onClose } = props;
  const adding = !member;
  const create = useCreateMember(connectionId, props.onCreated);
  const update = useUpdateMember(connectionId);
  const grant = useSetMemberBundles(connectionId);
  const save = adding ? create : update;
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<RoleName[]>(member ? [...member.roles] : []);
  const [groups, setGroups] = useState<string[]>(member ? [...member.groups] : []);
  const [granted, setGranted] = useState<string[]>(member ? [...member.bundles] : []);
  // The name's error shows once it was changed and left, or after a try to save (useTouched).
  const touch = useTouched<'name'>();
  /** What the shared schema found wrong before anything was sent. */
  const [invalid, setInvalid] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const people = peopleWithBundles(props.members, props.groups, props.bundles);
  // What the member's bundles would give them after the change: their own, and their groups'.
  const groupBundles = props.groups.filter((g) => groups.includes(g.name)).flatMap((g) => g.bundles);
  const after = {
    roles: picked,
    bundlePermissions: permissionsOfBundles([...granted, ...groupBundles], props.bundles),
  };
  const before = member ? people.find((p) => p.id === member.id) : undefined;
  const lastManager = member && meId ? lastManagerReason(people, { id: member.id, ...after }, meId) : null;
  const losesOwn =
    member !== undefined &&
    member.id === meId &&
    before !== undefined &&
    managesMembers(before) &&
    !managesMembers(after);
  const bundlesChanged = member !== undefined && !sameSet(granted, member.bundles);
  const rest = member !== undefined && !(sameSet(picked, member.roles) && sameSet(groups, member.groups));
  const refused = blockedReason ?? lastManager;
  const shownName = adding && touch.shows('name') ? nameError(name, takenNames) : undefined;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    touch.submit();
    if (save.isPending || grant.isPending || refused) return;
    if (losesOwn && !confirming) {
      setConfirming(true);
      return;
    }
    if (adding && nameError(name, takenNames)) return;
    const parsed = adding
      ? CreateMemberBody.safeParse({ name, roles: picked, groups })
      : PatchMemberBody.safeParse({ roles: picked, groups });
    if (!parsed.success) {
      setInvalid(firstMessage(parsed.error) ?? 'Check the form.');
      return;
    }
    setInvalid(null);
    if (!member) {
      create.mutate(parsed.data as CreateMemberBody);
      return;
    }
    const grantBundles = () => grant.mutate({ id: member.id, bundles: granted }, { onSuccess: onClose });
    if (bundlesChanged && !rest) grantBundles();
    else update.mutate({ id: member.id, patch: parsed.data }, { onSuccess: bundlesChanged ? grantBundles : onClose });
  }

  const unsaved = useUnsaved({ name, picked, groups, granted });
  const busy = save.isPending || grant.isPending;
  return (
    <Dialog
      title={adding ? 'Add member' : `Edit member ${member.name}`}
      size="large"
      onClose={onClose}
      dirty={unsaved}
      description={
        adding ? (
          <p>A person who uses TokenDesk. They get a first personal token, shown to you once, to hand over.</p>
        ) : undefined
      }
    >
      <form className="form" noValidate aria-label={adding ? 'New member' : 'Member'} onSubmit={onSubmit}>
        {adding ? (
          <NameField
            value={name}
            onChange={(next) => {
              setName(next);
              touch.change('name');
            }}
            onBlur={touch.blurOf('name')}
            error={shownName}
            hint={MEMBER_NAME_HINT}
          />
        ) : null}
        <RolePicker
          value={picked}
          onChange={(next) => {
            setPicked(next);
            setConfirming(false);
          }}
          roles={roles}
          actor={actor}
        />
        {lastManager ? <p className="blocked-reason">{lastManager}</p> : null}
        <GroupChecklist
          value={groups}
          onChange={setGroups}
          options={groupOptions}
          blockedReasonOf={(group) =>
            // Keeping a group the member is already in hands out nothing.
            !actor || member?.groups.includes(group)
              ? null
              : joinGroupReason(
                  actor,
                  props.groups.find((g) => g.name === group),
                  props.bundles,
                )
          }
        />
        {member ? (
          <BundleChecklist
            value={granted}
            onChange={(next) => {
              setGranted(next);
              setConfirming(false);
            }}
            bundles={props.bundles}
            actor={actor}
            holder="member"
          />
        ) : null}
        {invalid ? (
          <ErrorMessage
            error={{ code: 'invalid_request', message: invalid }}
            prefix={adding ? 'Could not add the member:' : 'Could not save:'}
          />
        ) : null}
        <MutationError mutation={save} prefix={adding ? 'Could not add the member:' : 'Could not save:'} />
        <MutationError mutation={grant} prefix="Could not change the bundles:" />
        {confirming ? (
          <div className="notice notice--warn" role="alert">
            <p>{LOSE_MEMBER_MANAGE_TEXT}</p>
          </div>
        ) : null}
        <FormActions
          label={adding ? 'Add member' : confirming ? 'Save anyway' : 'Save'}
          busyLabel="Saving…"
          busy={busy}
          tone={confirming ? 'danger' : 'primary'}
          blockedReason={refused}
          cancelLabel={confirming ? 'Keep my role' : 'Cancel'}
          onCancel={confirming ? () => setConfirming(false) : onClose}
        />
      </form>
    </Dialog>
  );
}
