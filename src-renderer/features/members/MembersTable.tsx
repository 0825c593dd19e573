import { useId } from 'react';
import type { Member } from '../../../src-shared/api/directory.js';
import { personChangeReason } from '../../../src-shared/authz.js';
import { RoleChips } from '../../components/badges.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { Switch } from '../../components/Switch.js';
import { formatExact } from '../../lib/time-format.js';

export type MembersTableProps = {
  members: readonly Member[];
  /** Why nothing here can change (offline, or no member.manage); null when it can. */
  blockedReason: string | null;
  /** The user's own member id (from /me): no one disables or deletes themselves. */
  meId: string | undefined;
  /** Read-only: no action column at all (the admin may not manage members). */
  readOnly: boolean;
  pendingId: string | null;
  onEdit: (member: Member) => void;
  onToggle: (member: Member, enabled: boolean) => void;
  onDelete: (member: Member) => void;
};

/** The domain's people: name, roles, groups, enabled and created, with actions for those who may. */
export function MembersTable(props: MembersTableProps) {
  const { members, readOnly } = props;
  return (
    <div className="table-wrap">
      <table className="table table--members" aria-label="Members">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Roles</th>
            <th scope="col">Groups</th>
            <th scope="col">Enabled</th>
            <th scope="col">Created</th>
            {readOnly ? null : (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <MemberRow key={member.id} {...props} member={member} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

type MemberRowProps = MembersTableProps & { member: Member };

/**
 * One person. Disabling or deleting them is checked before the click with the server's own rule (not
 * yourself, not the last member who can manage members); the reason is written on a line of its own
 * under the member's row (a tooltip alone is easy to miss), and the switch and Delete point to it.
 */
function MemberRow(props: MemberRowProps) {
  const { member, members, blockedReason, meId, readOnly, pendingId, onEdit, onToggle, onDelete } = props;
  const reasonId = useId();
  const rule = (change: { enabled: false } | { deleted: true }) =>
    meId === undefined ? null : personChangeReason(members, { id: member.id, ...change }, meId);
  // Enabling takes nothing away, so only turning the switch off is checked.
  const disableRule = member.enabled ? rule({ enabled: false }) : null;
  const deleteRule = rule({ deleted: true });
  const shown =
    readOnly || blockedReason !== null ? [] : [...new Set([disableRule, deleteRule])].filter((r) => r !== null);
  const describedBy = (why: string | null) => (why !== null && shown.includes(why) ? reasonId : undefined);
  const switchWhy = blockedReason ?? disableRule;
  const deleteWhy = blockedReason ?? deleteRule;
  const note = shown.length > 0;
  return (
    <>
      <tr className={note ? 'table__row--noted' : undefined}>
        <th scope="row" className="cell-name strong">
          {member.name}
        </th>
        <td>
          <RoleChips roles={member.roles} wrap />
        </td>
        <td>{member.groups.length === 0 ? <span className="muted">None</span> : member.groups.join(', ')}</td>
        <td>
          <Switch
            checked={member.enabled}
            ariaLabel={`${member.name} enabled`}
            disabled={readOnly || switchWhy !== null}
            title={switchWhy ?? undefined}
            describedBy={describedBy(switchWhy)}
            busy={pendingId === member.id}
            onChange={(enabled) => onToggle(member, enabled)}
          />
        </td>
        <td>{formatExact(member.createdAt)}</td>
        {readOnly ? null : (
          <td className="cell-actions">
            <div className="token-actions">
              <ChangeButton
                className="button button--small"
                aria-label={`Edit ${member.name}`}
                blockedReason={blockedReason}
                onClick={() => onEdit(member)}
              >
                Edit
              </ChangeButton>
              <ChangeButton
                className="button button--small button--danger-ghost"
                aria-label={`Delete ${member.name}`}
                aria-describedby={describedBy(deleteWhy)}
                blockedReason={deleteWhy}
                onClick={() => onDelete(member)}
              >
                Delete
              </ChangeButton>
            </div>
          </td>
        )}
      </tr>
      {note ? (
        <tr className="table__note-row">
          <td colSpan={6}>
            <span id={reasonId} className="blocked-reason">
              {shown.join(' ')}
            </span>
          </td>
        </tr>
      ) : null}
    </>
  );
}
