import { meActor } from '../../../src-shared/api/me.js';
import { useState } from 'react';
import type { CreatedMember, Group, Member } from '../../../src-shared/api/directory.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { MutationError } from '../../components/MutationError.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { useSelectedConnectionId, useSnapshot } from '../../data/connection-data.js';
import type { Revealed } from '../../data/secret-mutation.js';
import { RevealDialog } from '../tokens/RevealDialog.js';
import { enableReason, peopleWithBundles } from './bundle-holders.js';
import { BundlesSection } from './BundlesSection.js';
import { useUpdateMember } from './directory-mutations.js';
import { DeleteGroupDialog, DeleteMemberDialog } from './DirectoryDeleteDialogs.js';
import { GroupDialog } from './GroupDialog.js';
import { GroupsTable } from './GroupsTable.js';
import { MemberDialog } from './MemberDialog.js';
import { MembersTable } from './MembersTable.js';
import { useMemberGate } from './use-member-gate.js';

export const HAND_OVER_NOTE =
  'This is the new member’s first personal token. Hand it over safely — in person or through a password manager’s sharing, never by chat or e-mail — and ask them to store it in their own password manager.';

type Open =
  | { kind: 'addMember' }
  | { kind: 'editMember'; member: Member }
  | { kind: 'deleteMember'; member: Member }
  | { kind: 'addGroup' }
  | { kind: 'editGroup'; group: Group }
  | { kind: 'deleteGroup'; group: Group }
  | null;

const NONE: readonly never[] = [];

/**
 * Members, groups and bundles of the domain, from the cached snapshot (so they can be browsed offline). With
 * member.manage the admin adds, edits, disables and deletes members and groups; without, it is read-only
 * and says why. A new member's first token is revealed once, from this component's state only.
 */
export function MembersScreen() {
  const connectionId = useSelectedConnectionId();
  const snapshot = useSnapshot().data;
  const members = snapshot?.members ?? NONE;
  const groups = snapshot?.groups ?? NONE;
  const roles = snapshot?.roles ?? NONE;
  const bundles = snapshot?.bundles ?? NONE;
  const me = snapshot?.me;
  const gate = useMemberGate();
  const readOnly = !gate.mayManage;
  const [open, setOpen] = useState<Open>(null);
  const [created, setCreated] = useState<Revealed<CreatedMember> | null>(null);
  // Without a connection there are no members, so nothing to switch.
  const toggle = useUpdateMember(connectionId ?? '');
  const pendingId = toggle.isPending ? (toggle.variables?.id ?? null) : null;
  const close = () => setOpen(null);

  const actor = me ? meActor(me) : undefined;
  // Who holds member.manage counts bundles too (the rule that keeps the domain a member manager).
  const people = peopleWithBundles(members, groups, bundles);
  return (
    <div className="screen">
      <ScreenHeader
        title="Members"
        subtitle="The people of this domain, the groups that decide what they can change, and the bundles of permissions granted to them."
      >
        {readOnly ? null : (
          <ChangeButton
            className="button button--primary"
            blockedReason={gate.reason}
            onClick={() => setOpen({ kind: 'addMember' })}
          >
            Add member
          </ChangeButton>
        )}
      </ScreenHeader>
      {readOnly ? (
        <p className="blocked-reason" role="note">
          {gate.reason}
        </p>
      ) : null}
      <MutationError mutation={toggle} prefix="Could not change the member:" />
      <MembersTable
        members={members}
        people={people}
        blockedReason={gate.reason}
        meId={me?.id}
        readOnly={readOnly}
        pendingId={pendingId}
        onEdit={(member) => setOpen({ kind: 'editMember', member })}
        onToggle={(member, enabled) => toggle.mutate({ id: member.id, patch: { enabled } })}
        enableReasonOf={(member) => (actor ? enableReason(actor, member, groups, bundles) : null)}
        onDelete={(member) => setOpen({ kind: 'deleteMember', member })}
      />
      <div className="section-header">
        <h2 className="section-title">Groups</h2>
        {readOnly ? null : (
          <ChangeButton className="button" blockedReason={gate.reason} onClick={() => setOpen({ kind: 'addGroup' })}>
            New group
          </ChangeButton>
        )}
      </div>
      <GroupsTable
        groups={groups}
        blockedReason={gate.reason}
        readOnly={readOnly}
        onEdit={(group) => setOpen({ kind: 'editGroup', group })}
        onDelete={(group) => setOpen({ kind: 'deleteGroup', group })}
      />
      <BundlesSection connectionId={connectionId} bundles={bundles} members={members} groups={groups} actor={actor} />
      {connectionId !== null && (open?.kind === 'addMember' || open?.kind === 'editMember') ? (
        <MemberDialog
          connectionId={connectionId}
          {...(open.kind === 'editMember' ? { member: open.member } : {})}
          roles={roles}
          groupOptions={groups.map((g) => g.name)}
          takenNames={members.map((m) => m.name)}
          actor={actor}
          meId={me?.id}
          members={members}
          groups={groups}
          bundles={bundles}
          blockedReason={gate.reason}
          onCreated={(revealed) => {
            close();
            setCreated(revealed);
          }}
          onClose={close}
        />
      ) : null}
      {connectionId !== null && (open?.kind === 'addGroup' || open?.kind === 'editGroup') ? (
        <GroupDialog
          connectionId={connectionId}
          {...(open.kind === 'editGroup' ? { group: open.group } : {})}
          takenNames={groups.map((g) => g.name)}
          blockedReason={gate.reason}
          actor={actor}
          members={members}
          groups={groups}
          bundles={bundles}
          onClose={close}
        />
      ) : null}
      {connectionId !== null && open?.kind === 'deleteMember' ? (
        <DeleteMemberDialog
          connectionId={connectionId}
          item={open.member}
          blockedReason={gate.reason}
          onClose={close}
        />
      ) : null}
      {connectionId !== null && open?.kind === 'deleteGroup' ? (
        <DeleteGroupDialog connectionId={connectionId} item={open.group} blockedReason={gate.reason} onClose={close} />
      ) : null}
      {created ? (
        <RevealDialog
          secret={created.secret}
          token={created.answer.token}
          reason="created"
          note={HAND_OVER_NOTE}
          onDone={() => setCreated(null)}
        />
      ) : null}
    </div>
  );
}
