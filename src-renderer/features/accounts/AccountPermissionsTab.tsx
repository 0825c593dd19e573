import type { Role } from '../../../src-shared/api/models.js';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { BUILT_IN_ROLES, permissionsOf } from '../../../src-shared/roles.js';
import { EmptyState } from '../../components/EmptyState.js';
import { permissionText } from '../../lib/permission-text.js';

export type AccountPermissionsTabProps = { account: AccountRow; roles: readonly Role[] };

/** What the account's tokens may do: its permissions, grouped by the role that grants them. Read-only. */
export function AccountPermissionsTab({ account, roles }: AccountPermissionsTabProps) {
  if (account.roles.length === 0) {
    return (
      <EmptyState title="No permissions">
        <p>This service account has no roles, so its tokens can do nothing. Add a role in the Info tab.</p>
      </EmptyState>
    );
  }
  const table = roles.length > 0 ? roles : BUILT_IN_ROLES;
  const all = permissionsOf(account.roles);
  return (
    <div className="permissions-tab">
      <p className="muted">
        {account.name}’s tokens can do what its {account.roles.length === 1 ? 'role grants' : 'roles grant together'}:{' '}
        <strong>
          {all.length} {all.length === 1 ? 'permission' : 'permissions'}
        </strong>
        . A token may be limited to some of these roles. Change roles in the Info tab.
      </p>
      {account.roles.map((name) => {
        const role = table.find((r) => r.name === name);
        return (
          <section key={name} className="permission-group" aria-label={`${name} permissions`}>
            <h3 className="permission-group__title">
              <span className="chip">{name}</span>
              <span className="permission-group__description">{role?.description ?? ''}</span>
            </h3>
            <ul className="permission-list">
              {(role?.permissions ?? []).map((permission) => (
                <li key={permission}>
                  <code className="mono">{permission}</code>
                  <span className="permission-list__text">{permissionText(permission)}</span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
