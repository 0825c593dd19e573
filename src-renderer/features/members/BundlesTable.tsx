import type { Bundle } from '../../../src-shared/api/bundles.js';
import type { Group, Member } from '../../../src-shared/api/directory.js';
import { RoleChips } from '../../components/badges.js';
import { CopyableText } from '../../components/CopyButton.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { buttonsColumn } from '../../components/RowButtons.js';
import { holdersOf, type Holders } from './bundle-holders.js';

export type BundlesTableProps = {
  bundles: readonly Bundle[];
  members: readonly Member[];
  groups: readonly Group[];
  /** Why nothing here can change (offline); null when it can. */
  blockedReason: string | null;
  /** Read-only (not an Admin): no action column at all. */
  readOnly: boolean;
  onEdit: (bundle: Bundle) => void;
  onDelete: (bundle: Bundle) => void;
};

type BundleView = { bundle: Bundle; holders: Holders };

/** At most three chips, wrapping in a narrow column, and a count of the rest ("+4"): a long list stays short. */
const MAX_CHIPS = 3;

function HeldBy({ holders }: { holders: Holders }) {
  if (holders.people.length === 0 && holders.groups.length === 0) return <span className="muted">No one yet</span>;
  return (
    <span className="held-by">
      {holders.people.length > 0 ? (
        <span className="held-by__line">
          <span className="held-by__label">People</span>
          <RoleChips roles={holders.people} max={MAX_CHIPS} wrap />
        </span>
      ) : null}
      {holders.groups.length > 0 ? (
        <span className="held-by__line">
          <span className="held-by__label">Groups</span>
          <RoleChips roles={holders.groups} max={MAX_CHIPS} wrap />
        </span>
      ) : null}
    </span>
  );
}

const COLUMNS: readonly Column<BundleView>[] = [
  {
    header: 'Name',
    rowHeader: true,
    className: 'cell-name strong',
    cell: ({ bundle }) => <CopyableText text={bundle.name} what={`name of bundle ${bundle.name}`} />,
  },
  {
    header: 'Description',
    priority: 'low',
    cell: ({ bundle }) => bundle.description || <span className="muted">No description</span>,
  },
  {
    header: 'Permissions',
    cell: ({ bundle }) => <RoleChips roles={bundle.permissions} max={MAX_CHIPS} emptyText="None" wrap />,
  },
  { header: 'Held by', cell: ({ holders }) => <HeldBy holders={holders} /> },
];

/** The domain's bundles: what each grants and who holds it (people directly, and groups). */
export function BundlesTable({
  bundles,
  members,
  groups,
  blockedReason,
  readOnly,
  onEdit,
  onDelete,
}: BundlesTableProps) {
  const views = bundles.map((bundle): BundleView => ({ bundle, holders: holdersOf(bundle.name, members, groups) }));
  return (
    <DataTable
      label="Bundles"
      className="table--bundles"
      columns={COLUMNS}
      rows={views}
      rowKey={({ bundle }) => bundle.name}
      empty={<p className="muted">No bundles yet.</p>}
      narrowBelow={820}
      actions={
        readOnly
          ? undefined
          : buttonsColumn(
              '150px',
              ({ bundle }: BundleView) => [
                { label: 'Edit', name: `Edit bundle ${bundle.name}`, blockedReason, onClick: () => onEdit(bundle) },
                {
                  label: 'Delete',
                  name: `Delete bundle ${bundle.name}`,
                  danger: true,
                  blockedReason,
                  onClick: () => onDelete(bundle),
                },
              ],
              ({ bundle }) => bundle.name,
            )
      }
    />
  );
}
