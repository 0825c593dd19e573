import { CopyableText } from '../../components/CopyButton.js';
import type { Group } from '../../../src-shared/api/directory.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { buttonsColumn } from '../../components/RowButtons.js';
import { formatCount } from '../../lib/numbers.js';

export type GroupsTableProps = {
  groups: readonly Group[];
  blockedReason: string | null;
  readOnly: boolean;
  onEdit: (group: Group) => void;
  onDelete: (group: Group) => void;
};

const COLUMNS: readonly Column<Group>[] = [
  {
    header: 'Name',
    rowHeader: true,
    className: 'cell-name strong',
    cell: (group) => <CopyableText text={group.name} what={`name of group ${group.name}`} />,
  },
  { header: 'Description', cell: (group) => group.description || <span className="muted">No description</span> },
  { header: 'Members', className: 'cell-number', width: '100px', cell: (group) => formatCount(group.memberCount) },
  {
    header: 'Service accounts',
    className: 'cell-number',
    width: '150px',
    priority: 'low',
    cell: (group) => formatCount(group.serviceAccountCount),
  },
];

/** The domain's groups with how many members and service accounts each holds. */
export function GroupsTable({ groups, blockedReason, readOnly, onEdit, onDelete }: GroupsTableProps) {
  return (
    <DataTable
      label="Groups"
      className="table--groups"
      columns={COLUMNS}
      rows={groups}
      rowKey={(group) => group.id}
      empty={<p className="muted">No groups yet.</p>}
      narrowBelow={720}
      actions={
        readOnly
          ? undefined
          : buttonsColumn(
              '150px',
              (group: Group) => [
                { label: 'Edit', name: `Edit group ${group.name}`, blockedReason, onClick: () => onEdit(group) },
                {
                  label: 'Delete',
                  name: `Delete group ${group.name}`,
                  danger: true,
                  blockedReason,
                  onClick: () => onDelete(group),
                },
              ],
              (group) => group.name,
            )
      }
    />
  );
}
