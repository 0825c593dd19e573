import type { Group } from '../../../src-shared/api/directory.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { formatCount } from '../../lib/numbers.js';

export type GroupsTableProps = {
  groups: readonly Group[];
  blockedReason: string | null;
  readOnly: boolean;
  onEdit: (group: Group) => void;
  onDelete: (group: Group) => void;
};

/** The domain's groups with how many members and service accounts each holds. */
export function GroupsTable({ groups, blockedReason, readOnly, onEdit, onDelete }: GroupsTableProps) {
  return (
    <div className="table-wrap">
      <table className="table table--groups" aria-label="Groups">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Description</th>
            <th scope="col" className="cell-number">
              Members
            </th>
            <th scope="col" className="cell-number">
              Service accounts
            </th>
            {readOnly ? null : (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.id}>
              <th scope="row" className="cell-name strong">
                {group.name}
              </th>
              <td>{group.description || <span className="muted">No description</span>}</td>
              <td className="cell-number">{formatCount(group.memberCount)}</td>
              <td className="cell-number">{formatCount(group.serviceAccountCount)}</td>
              {readOnly ? null : (
                <td className="cell-actions">
                  <div className="token-actions">
                    <ChangeButton
                      className="button button--small"
                      aria-label={`Edit group ${group.name}`}
                      blockedReason={blockedReason}
                      onClick={() => onEdit(group)}
                    >
                      Edit
                    </ChangeButton>
                    <ChangeButton
                      className="button button--small button--danger-ghost"
                      aria-label={`Delete group ${group.name}`}
                      blockedReason={blockedReason}
                      onClick={() => onDelete(group)}
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
