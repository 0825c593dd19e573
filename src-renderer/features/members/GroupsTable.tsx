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
  { header: 'Name', rowHeader: true, className: 'cell-name strong', cell: (group) => group.name },
  { header: 'Description', cell: (group) => group.description || <span className="muted">No description</span> },
  { header: 'Members', className: 'cell-number', cell: (group) => formatCount(group.memberCount) },
  { header: 'Service accounts', className: 'cell-number', cell: (group) => formatCount(group.serviceAccountCount) },
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
      actions={
        readOnly
          ? undefined
          : buttonsColumn(undefined, (group: Group) => [
              { label: 'Edit', name: `Edit group ${group.name}`, blockedReason, onClick: () => onEdit(group) },
              {
                label: 'Delete',
                name: `Delete group ${group.name}`,
                danger: true,
                blockedReason,
                onClick: () => onDelete(group),
              },
            ])
      }
    />
  );
}
