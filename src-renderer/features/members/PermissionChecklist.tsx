import { PERMISSION_INFO, RESOURCES } from '../../../src-shared/permissions.js';
import { PERMISSIONS, type Permission } from '../../../src-shared/roles.js';

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
  function toggle(permission: Permission, on: boolean) {
    const next = new Set(value);
    if (on) next.add(permission);
    else next.delete(permission);
    onChange(PERMISSIONS.filter((p) => next.has(p)));
  }
  return (
    <fieldset className={`fieldset${error ? ' fieldset--invalid' : ''}`}>
      <legend className="field__label">Permissions</legend>
      <div className="permission-groups">
        {RESOURCES.map((resource) => {
          const permissions = PERMISSIONS.filter((p) => PERMISSION_INFO[p].resource === resource);
          if (permissions.length === 0) return null;
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
                        onChange={(event) => toggle(permission, event.target.checked)}
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
