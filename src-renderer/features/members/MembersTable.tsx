import type { Member } from '../../../src-shared/api/directory.js';
import { RoleChips } from '../../components/badges.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { Switch } from '../../components/Switch.js';
import { formatExact } from '../../lib/time-format.js';

export type MembersTableProps = {
  members: readonly Member[];
  /** Why nothing here can change (offline, or no member.manage); null when it can. */
  blockedReason: string | null;
  /** Read-only: no action column at all (the admin may not manage members). */
  readOnly: boolean;
  pendingId: string | null;
  onEdit: (member: Member) => void;
  onToggle: (member: Member, enabled: boolean) => void;
  onDelete: (member: Member) => void;
};

/** The domain's people: name, roles, groups, enabled and created, with actions for those who may. */
export function MembersTable(props: MembersTableProps) {
  const { members, blockedReason, readOnly, pendingId, onEdit, onToggle, onDelete } = props;
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
            <tr key={member.id}>
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
                  disabled={readOnly || blockedReason !== null}
                  title={blockedReason ?? undefined}
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
                      blockedReason={blockedReason}
                      onClick={() => onDelete(member)}
                    >
                      Delete
                    </ChangeButton>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
