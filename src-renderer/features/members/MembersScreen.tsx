import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type {
  CreatedMember,
  CreateGroupBody,
  CreateMemberBody,
  Group,
  Member,
  PatchGroupBody,
  PatchMemberBody,
} from '../../../src-shared/api/directory.js';
import type { AppError, Result } from '../../../src-shared/errors.js';
import type { TokenDeskApi } from '../../../src-shared/ipc/contract.js';
import { call } from '../../bridge.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useAppStore } from '../../store/app-store.js';
import { RevealDialog } from '../tokens/RevealDialog.js';
import { ConfirmDialog } from './ConfirmDialog.js';
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
 * Members and groups of the domain, from the cached snapshot (so they can be browsed offline). With
 * member.manage the admin adds, edits, disables and deletes members and groups; without, it is read-only
 * and says why. A new member's first token is revealed once, from this component's state only.
 */
export function MembersScreen() {
  const { connectionId, members, groups, roles, me, loadSnapshot } = useAppStore(
    useShallow((state) => ({
      connectionId: state.selectedConnectionId,
      members: state.snapshot?.members ?? NONE,
      groups: state.snapshot?.groups ?? NONE,
      roles: state.snapshot?.roles ?? NONE,
      me: state.snapshot?.me,
      loadSnapshot: state.loadSnapshot,
    })),
  );
  const gate = useMemberGate();
  const readOnly = !gate.mayManage;
  const [open, setOpen] = useState<Open>(null);
  const [created, setCreated] = useState<CreatedMember | null>(null);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [failure, setFailure] = useState<AppError | null>(null);

  /** Runs a change; main has already written it into the cache, so reading the snapshot shows it. */
  async function change<T>(run: (bridge: TokenDeskApi, connectionId: string) => Promise<Result<T>>) {
    if (!connectionId) return { ok: false as const, error: { code: 'unknown_connection' as const, message: '' } };
    const result = await call((bridge) => run(bridge, connectionId));
    if (result.ok) await loadSnapshot(connectionId);
    return result;
  }

  async function saveMember(body: CreateMemberBody | PatchMemberBody): Promise<AppError | null> {
    if (open?.kind === 'editMember') {
      const id = open.member.id;
      const result = await change((b, c) => b.members.update({ connectionId: c, id, patch: body }));
      if (!result.ok) return result.error;
      setOpen(null);
      return null;
    }
    const result = await change((b, c) => b.members.create({ connectionId: c, input: body as CreateMemberBody }));
    if (!result.ok) return result.error;
    setOpen(null);
    setCreated(result.value);
    return null;
  }

  async function toggle(member: Member, enabled: boolean) {
    setPendingId(member.id);
    setFailure(null);
    const result = await change((b, c) => b.members.update({ connectionId: c, id: member.id, patch: { enabled } }));
    setPendingId(null);
    if (!result.ok) setFailure(result.error);
  }

  async function saveGroup(body: CreateGroupBody | PatchGroupBody): Promise<AppError | null> {
    const result =
      open?.kind === 'editGroup'
        ? await change((b, c) =>
            b.groups.update({ connectionId: c, name: open.group.name, patch: body as PatchGroupBody }),
          )
        : await change((b, c) => b.groups.create({ connectionId: c, input: body as CreateGroupBody }));
    if (!result.ok) return result.error;
    setOpen(null);
    return null;
  }

  const actor = me ? { roles: me.roles, permissions: me.permissions, groups: me.groups } : undefined;
  return (
    <div className="screen">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">Members</h1>
          <p className="screen__subtitle">The people of this domain and the groups that decide what they can change.</p>
        </div>
        {readOnly ? null : (
          <ChangeButton
            className="button button--primary"
            blockedReason={gate.reason}
            onClick={() => setOpen({ kind: 'addMember' })}
          >
            Add member
          </ChangeButton>
        )}
      </div>
      {readOnly ? (
        <p className="blocked-reason" role="note">
          {gate.reason}
        </p>
      ) : null}
      {failure ? <ErrorMessage error={failure} prefix="Could not change the member:" /> : null}
      {members.length === 0 ? (
        <p className="muted">No members to show.</p>
      ) : (
        <MembersTable
          members={members}
          blockedReason={gate.reason}
          meId={me?.id}
          readOnly={readOnly}
          pendingId={pendingId}
          onEdit={(member) => setOpen({ kind: 'editMember', member })}
          onToggle={(member, enabled) => void toggle(member, enabled)}
          onDelete={(member) => setOpen({ kind: 'deleteMember', member })}
        />
      )}
      <div className="section-header">
        <h2 className="section-title">Groups</h2>
        {readOnly ? null : (
          <ChangeButton className="button" blockedReason={gate.reason} onClick={() => setOpen({ kind: 'addGroup' })}>
            New group
          </ChangeButton>
        )}
      </div>
      {groups.length === 0 ? (
        <p className="muted">No groups yet.</p>
      ) : (
        <GroupsTable
          groups={groups}
          blockedReason={gate.reason}
          readOnly={readOnly}
          onEdit={(group) => setOpen({ kind: 'editGroup', group })}
          onDelete={(group) => setOpen({ kind: 'deleteGroup', group })}
        />
      )}
      {open?.kind === 'addMember' || open?.kind === 'editMember' ? (
        <MemberDialog
          {...(open.kind === 'editMember' ? { member: open.member } : {})}
          roles={roles}
          groupOptions={groups.map((g) => g.name)}
          takenNames={members.map((m) => m.name)}
          actor={actor}
          meId={me?.id}
          people={members}
          blockedReason={gate.reason}
          onSave={saveMember}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {open?.kind === 'addGroup' || open?.kind === 'editGroup' ? (
        <GroupDialog
          {...(open.kind === 'editGroup' ? { group: open.group } : {})}
          takenNames={groups.map((g) => g.name)}
          blockedReason={gate.reason}
          onSave={saveGroup}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {open?.kind === 'deleteMember' ? (
        <ConfirmDialog
          title={`Delete member ${open.member.name}?`}
          confirmLabel="Delete member"
          blockedReason={gate.reason}
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            const id = open.member.id;
            const result = await change((b, c) => b.members.remove({ connectionId: c, id }));
            return result.ok ? null : result.error;
          }}
        >
          <p className="notice notice--warn">
            Their personal tokens stop working at once and show as DEACTIVATED. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
      {open?.kind === 'deleteGroup' ? (
        <ConfirmDialog
          title={`Delete group ${open.group.name}?`}
          confirmLabel="Delete group"
          blockedReason={gate.reason}
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            const name = open.group.name;
            const result = await change((b, c) => b.groups.remove({ connectionId: c, name }));
            return result.ok ? null : result.error;
          }}
        >
          <p className="notice notice--warn">
            Members and service accounts leave this group. Whoever could change an account only through it no longer
            can.
          </p>
        </ConfirmDialog>
      ) : null}
      {created ? (
        <RevealDialog
          secret={created.secret}
          token={created.token}
          reason="created"
          note={HAND_OVER_NOTE}
          onDone={() => setCreated(null)}
        />
      ) : null}
    </div>
  );
}
