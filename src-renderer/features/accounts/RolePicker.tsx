import type { Role } from '../../../src-shared/api/models.js';
import { canGrantRoles, type Actor } from '../../../src-shared/authz.js';
import { BUILT_IN_ROLES, ROLE_NAMES, type RoleName } from '../../../src-shared/roles.js';

export type RolePickerProps = {
  value: readonly RoleName[];
  onChange: (roles: RoleName[]) => void;
  /** The server's role table (snapshot); the built-in one when it is empty. */
  roles: readonly Role[];
  /** Roles a copy source brings in anyway: marked, so the admin need not tick them too. */
  fromCopy?: readonly RoleName[];
  error?: string | undefined;
  legend?: string;
  /** Who is choosing: a role beyond their own permissions is offered disabled, with the reason. */
  actor?: Actor | undefined;
};

/** One checkbox per role, each saying what the role is for and which permissions it grants. */
export function RolePicker({ value, onChange, roles, fromCopy = [], error, legend = 'Roles', actor }: RolePickerProps) {
  const table = roles.length > 0 ? roles : BUILT_IN_ROLES;
  function toggle(role: RoleName, on: boolean) {
    const next = new Set(value);
    if (on) next.add(role);
    else next.delete(role);
    onChange(ROLE_NAMES.filter((r) => next.has(r)));
  }
  return (
    <fieldset className={`fieldset${error ? ' fieldset--invalid' : ''}`}>
      <legend className="field__label">{legend}</legend>
      <div className="role-options">
        {table.map((role) => {
          const checked = value.includes(role.name);
          const copied = !checked && fromCopy.includes(role.name);
          // A role already given can always be taken away; only adding one is limited.
          const grant = actor && !checked ? canGrantRoles(actor, [role.name]) : null;
          const blocked = grant && !grant.allowed ? grant.reason : null;
          return (
            <label
              key={role.name}
              className={`role-option${checked ? ' role-option--on' : ''}${blocked ? ' role-option--blocked' : ''}`}
              title={blocked ?? undefined}
            >
              <input
                type="checkbox"
                checked={checked}
                disabled={blocked !== null}
                onChange={(event) => toggle(role.name, event.target.checked)}
              />
              <span className="role-option__body">
                <span className="role-option__name">
                  {role.name}
                  {copied ? <span className="badge badge--info">Included by the copy</span> : null}
                </span>
                <span className="role-option__description">{role.description}</span>
                <span className="role-option__grants">Grants {role.permissions.join(', ')}</span>
                {blocked ? <span className="role-option__blocked">{blocked}</span> : null}
              </span>
            </label>
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
