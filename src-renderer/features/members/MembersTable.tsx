import { CopyableText } from '../../components/CopyButton.js';
import { useId } from 'react';
import type { Member } from '../../../src-shared/api/directory.js';
import { personChangeReason, type Person } from '../../../src-shared/authz.js';
import { RoleChips } from '../../components/badges.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { buttonsColumn } from '../../components/RowButtons.js';
import { Switch } from '../../components/Switch.js';
import { formatExact } from '../../lib/time-format.js';

export type MembersTableProps = {
  members: readonly Member[];
  /** The same people as the last-manager rule counts them (with their bundles' permissions); members if left out. */
  people?: readonly Person[];
  /** Why nothing here can change (offline, or no member.manage); null when it can. */
  blockedReason: string | null;
  /** The user's own member id (from /me): no one disables or deletes themselves. */
  meId: string | undefined;
  /** Read-only: no action column at all (the admin may not manage members). */
  readOnly: boolean;
  pendingId: string | null;
  onEdit: (member: Member) => void;
  onToggle: (member: Member, enabled: boolean) => void;
  /** Why the user may not enable a disabled member again (the ceiling over all they hold), or null. */
  enableReasonOf?: (member: Member) => string | null;
  onDelete: (member: Member) => void;
};

/** A member with what may be done to them, and why not. */
type MemberView = {
  member: Member;
  switchWhy: string | null;
  deleteWhy: string | null;
  /** The server's rules that stop a change, said on a line of their own under the row. */
  shown: string[];
  reasonId: string;
};

/**
 * The domain's people: name, roles, groups, enabled and created, with actions for those who may.
 * Disabling or deleting someone is checked before the click with the server's own rule (not yourself,
 * not the last member who can manage members); the reason is written on a line of its own under the
 * member's row (a tooltip alone is easy to miss), and the switch and Delete point to it.
 */
export function MembersTable(props: MembersTableProps) {
  const { members, blockedReason, meId, readOnly, pendingId, onEdit, onToggle, onDelete } = props;
  const people = props.people ?? members;
  const idPrefix = useId();
  const views = members.map((member): MemberView => {
    const rule = (change: { enabled: false } | { deleted: true }) =>
      meId === undefined ? null : personChangeReason(people, { id: member.id, ...change }, meId);
    // Turning the switch off must leave a member manager; turning it on gives back all the member holds.
    const disableRule = member.enabled ? rule({ enabled: false }) : (props.enableReasonOf?.(member) ?? null);
    const deleteRule = rule({ deleted: true });
    const shown =
      readOnly || blockedReason !== null ? [] : [...new Set([disableRule, deleteRule])].filter((r) => r !== null);
    return {
      member,
      switchWhy: blockedReason ?? disableRule,
      deleteWhy: blockedReason ?? deleteRule,
      shown,
      reasonId: `${idPrefix}-${member.id}`,
    };
  });
  const describedBy = (view: MemberView, why: string | null) =>
    why !== null && view.shown.includes(why) ? view.reasonId : undefined;

  const columns: Column<MemberView>[] = [
    {
      header: 'Name',
      rowHeader: true,
      className: 'cell-name strong',
      cell: ({ member }) => <CopyableText text={member.name} what={`name of ${member.name}`} />,
    },
    { header: 'Roles', cell: ({ member }) => <RoleChips roles={member.roles} wrap /> },
    {
      header: 'Groups',
      cell: ({ member }) =>
        member.groups.length === 0 ? <span className="muted">None</span> : member.groups.join(', '),
    },
    {
      header: 'Enabled',
      cell: (view) => (
        <Switch
          checked={view.member.enabled}
          ariaLabel={`${view.member.name} enabled`}
          disabled={readOnly || view.switchWhy !== null}
          title={view.switchWhy ?? undefined}
          describedBy={describedBy(view, view.switchWhy)}
          busy={pendingId === view.member.id}
          onChange={(enabled) => onToggle(view.member, enabled)}
        />
      ),
    },
    { header: 'Created', width: '190px', priority: 'low', cell: ({ member }) => formatExact(member.createdAt) },
  ];

  return (
    <DataTable
      label="Members"
      className="table--members"
      columns={columns}
      rows={views}
      rowKey={({ member }) => member.id}
      empty={<p className="muted">No members to show.</p>}
      narrowBelow={820}
      actions={
        readOnly
          ? undefined
          : buttonsColumn(
              '150px',
              (view: MemberView) => [
                { label: 'Edit', name: `Edit ${view.member.name}`, blockedReason, onClick: () => onEdit(view.member) },
                {
                  label: 'Delete',
                  name: `Delete ${view.member.name}`,
                  danger: true,
                  blockedReason: view.deleteWhy,
                  describedBy: describedBy(view, view.deleteWhy),
                  onClick: () => onDelete(view.member),
                },
              ],
              (view) => view.member.name,
            )
      }
      details={{
        kind: 'note',
        content: (view) =>
          view.shown.length > 0 ? (
            <span id={view.reasonId} className="blocked-reason">
              {view.shown.join(' ')}
            </span>
          ) : null,
      }}
    />
  );
}
