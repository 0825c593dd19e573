import type { Permission, RoleName } from '../../../src-shared/roles.js';
import { PERMISSION_INFO } from '../../../src-shared/permissions.js';
import { resultingPermissions } from '../../lib/account-form.js';

export type PermissionsPreviewProps = {
  roles: readonly RoleName[];
  /** Permissions granted to the account itself (chosen one by one, or copied). */
  grants?: readonly Permission[];
  /** Permissions denied on it (copied from a service account): a deny wins over a role and a grant. */
  denies?: readonly Permission[];
  /** Where copied roles came from, e.g. "the role Viewer", when there is a copy. */
  copyNote?: string | null;
};

/** Live: the roles, grants and denies the new account will have and every permission they give together. */
export function PermissionsPreview({ roles, grants = [], denies = [], copyNote }: PermissionsPreviewProps) {
  const permissions = resultingPermissions({ roles, grants, denies });
  return (
    <section className="preview" aria-label="Preview of roles and permissions">
      <h3 className="preview__title">Preview</h3>
      <p className="visually-hidden" role="status">
        {roles.length === 0 && grants.length === 0
          ? 'Preview: no roles, no permissions.'
          : `Preview: ${roles.length} ${roles.length === 1 ? 'role' : 'roles'}, ${permissions.length} ${permissions.length === 1 ? 'permission' : 'permissions'}.`}
      </p>
      <div className="preview__block">
        <h4 className="preview__label">Roles</h4>
        {roles.length === 0 ? (
          <p className="muted small">{grants.length > 0 ? 'No roles: granted permissions only.' : 'No roles yet.'}</p>
        ) : (
          <ul className="chips chips--wrap preview__roles" aria-label="Resulting roles">
            {roles.map((role) => (
              <li key={role} className="chip">
                {role}
              </li>
            ))}
          </ul>
        )}
        {copyNote ? <p className="muted small">Includes {copyNote}.</p> : null}
      </div>
      <div className="preview__block">
        <h4 className="preview__label">Permissions ({permissions.length})</h4>
        {permissions.length === 0 ? (
          <p className="muted small">None: a token of this account could do nothing.</p>
        ) : (
          <ul className="permission-list" aria-label="Resulting permissions">
            {permissions.map((permission) => (
              <li key={permission}>
                <code className="mono">
                  {permission}
                  {grants.includes(permission) ? <span className="preview__granted"> · granted</span> : null}
                </code>
                <span className="permission-list__text">{PERMISSION_INFO[permission].allows}</span>
              </li>
            ))}
          </ul>
        )}
        {denies.length > 0 ? <p className="muted small">Denied (copied): {denies.join(', ')}.</p> : null}
      </div>
    </section>
  );
}
