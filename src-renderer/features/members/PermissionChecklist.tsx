import { PERMISSION_INFO, PERMISSIONS_BY_RESOURCE, withPermission } from '../../../src-shared/permissions.js';
import type { Permission } from '../../../src-shared/roles.js';

export type PermissionChecklistProps = {
  value: readonly Permission[];
  onChange: (permissions: Permission[]) => void;
  error?: string | undefined;
};

/** A permission's name, its IOMETE name in small type, and what it allows in one line. */
function describe(permission: Permission) {
  const info = PERMISSION_INFO[permission];
  return (
    <>
      <span className="role-option__name permission-name">
        {permission}
        <span className="permission-alias">{info.alias}</span>
      </span>
      <span className="role-option__description">{info.allows}</span>
    </>
  );
}

/**
 * A bundle's permissions: a checkbox per permission of the catalogue, grouped by resource, each with
 * what it allows in one line and its IOMETE name in small type (a bundle may be defined by either).
 */
export function PermissionChecklist({ value, onChange, error }: PermissionChecklistProps) {
  return (
    <fieldset className={`fieldset${error ? ' fieldset--invalid' : ''}`}>
      <legend className="field__label">Permissions</legend>
      <div className="permission-groups">
        {PERMISSIONS_BY_RESOURCE.map(({ resource, permissions }) => {
          return (
            <div key={resource} className="permission-group" role="group" aria-label={resource}>
              <h3 className="permission-group__title">{resource}</h3>
              <div className="role-options">
                {permissions.map((permission) => {
                  const checked = value.includes(permission);
                  return (
                    <label key={permission} className={`role-option${checked ? ' role-option--on' : ''}`}>
                      <input
                        type="checkbox"
                        checked={checked}
                        onChange={(event) => onChange(withPermission(value, permission, event.target.checked))}
                      />
                      <span className="role-option__body">{describe(permission)}</span>
                    </label>
                  );
                })}
              </div>
            </div>
          );
        })}
      </div>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
