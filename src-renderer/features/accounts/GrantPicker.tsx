import { canGrantPermissions, type Actor } from '../../../src-shared/authz.js';
import { PERMISSION_INFO, PERMISSIONS_BY_RESOURCE, withPermission } from '../../../src-shared/permissions.js';
import type { Permission } from '../../../src-shared/roles.js';

export type GrantPickerProps = {
  value: readonly Permission[];
  onChange: (grants: Permission[]) => void;
  /** Permissions the roles and the copy give anyway: marked, so the admin need not tick them too. */
  given?: readonly Permission[];
  /** Permissions a copied account denies: the new account starts with the deny, so they cannot be granted here. */
  denied?: readonly Permission[];
  legend?: string;
  /** Who is choosing: a permission beyond their own is offered disabled, with the reason (the ceiling). */
  actor?: Actor | undefined;
};

const COPY_DENIES =
  'The account you copy from denies this permission, and so will the new one. Lift the deny on its Permissions tab once it exists.';

/**
 * Permissions given one by one, without a role (Planhat's "start from scratch"): each becomes a grant on
 * the account. One checkbox per catalogue permission, in resource order, with what it allows.
 */
export function GrantPicker({
  value,
  onChange,
  given = [],
  denied = [],
  legend = 'Permissions',
  actor,
}: GrantPickerProps) {
  const ordered = PERMISSIONS_BY_RESOURCE.flatMap((section) => section.permissions);
  return (
    <fieldset className="fieldset">
      <legend className="field__label">{legend}</legend>
      <p className="field__hint">Each one ticked is granted to the account itself, with or without a role.</p>
      <div className="grant-options">
        {ordered.map((permission) => {
          const checked = value.includes(permission);
          const decision = actor && !checked ? canGrantPermissions(actor, [{ kind: 'grant', permission }]) : null;
          const blocked =
            !checked && denied.includes(permission)
              ? COPY_DENIES
              : decision && !decision.allowed
                ? decision.reason
                : null;
          const name = (
            <span className="grant-option__name">
              {permission}
              {!checked && denied.includes(permission) ? (
                <span className="badge badge--danger">Denied by the copy</span>
              ) : null}
              {!checked && given.includes(permission) ? (
                <span className="badge badge--info">Given by a role</span>
              ) : null}
            </span>
          );
          return (
            <label
              key={permission}
              className={`grant-option${blocked ? ' grant-option--blocked' : ''}`}
              title={blocked ?? undefined}
            >
              <input
                type="checkbox"
                checked={checked}
                disabled={blocked !== null}
                onChange={(event) => onChange(withPermission(value, permission, event.target.checked))}
              />
              <span className="grant-option__body">
                {name}
                <span className="grant-option__allows">{PERMISSION_INFO[permission].allows}</span>
              </span>
            </label>
          );
        })}
      </div>
      {actor &&
      ordered.some(
        (p) => !value.includes(p) && !canGrantPermissions(actor, [{ kind: 'grant', permission: p }]).allowed,
      ) ? (
        <p className="field__hint">You can only give permissions you have yourself; the others are greyed out.</p>
      ) : null}
    </fieldset>
  );
}
