import { useId } from 'react';
import type { Bundle } from '../../../src-shared/api/bundles.js';
import { canGrantPermissions, type Actor } from '../../../src-shared/authz.js';

export type BundleChecklistProps = {
  value: readonly string[];
  onChange: (bundles: string[]) => void;
  /** The domain's bundles (from the snapshot). */
  bundles: readonly Bundle[];
  /** Who is granting: a bundle carrying a permission they lack is offered disabled, with the reason. */
  actor: Actor | undefined;
  /** Whose bundles these are, for the hint: a member's own, or everyone's in a group. */
  holder: 'member' | 'group';
};

const HINTS = {
  member: 'They hold each bundle’s permissions on top of their roles, and also those of their groups’ bundles.',
  group: 'Every person in the group holds each bundle’s permissions on top of their roles. Service accounts do not.',
};

/**
 * The bundles granted to a member or a group: one checkbox per bundle of the domain, with its
 * permissions. Granting one is limited by the shared ceiling (canGrantPermissions): no one hands out a
 * permission they do not hold. Taking one away is always allowed here (the server still keeps the
 * domain a member who can manage members).
 */
export function BundleChecklist({ value, onChange, bundles, actor, holder }: BundleChecklistProps) {
  const idPrefix = useId();
  return (
    <fieldset className="fieldset">
      <legend className="field__label">Bundles</legend>
      {bundles.length === 0 ? (
        <p className="field__hint">
          There are no bundles yet. An Admin defines them under Bundles on the Members screen.
        </p>
      ) : (
        <div className="role-options">
          {bundles.map((bundle) => {
            const checked = value.includes(bundle.name);
            const grant =
              actor && !checked
                ? canGrantPermissions(actor, [{ kind: 'bundle', name: bundle.name, permissions: bundle.permissions }])
                : null;
            const blocked = grant && !grant.allowed ? grant.reason : null;
            const reasonId = `${idPrefix}-${bundle.name}`;
            return (
              <label
                key={bundle.name}
                className={`role-option${checked ? ' role-option--on' : ''}${blocked ? ' role-option--blocked' : ''}`}
                title={blocked ?? undefined}
              >
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={blocked !== null}
                  title={blocked ?? undefined}
                  aria-describedby={blocked ? reasonId : undefined}
                  onChange={(event) =>
                    onChange(
                      event.target.checked ? [...value, bundle.name] : value.filter((name) => name !== bundle.name),
                    )
                  }
                />
                <span className="role-option__body">
                  <span className="role-option__name bundle-name">{bundle.name}</span>
                  {bundle.description ? <span className="role-option__description">{bundle.description}</span> : null}
                  <span className="role-option__grants">Grants {bundle.permissions.join(', ')}</span>
                  {blocked ? (
                    <span id={reasonId} className="role-option__blocked">
                      {blocked}
                    </span>
                  ) : null}
                </span>
              </label>
            );
          })}
        </div>
      )}
      {bundles.length > 0 ? <p className="field__hint">{HINTS[holder]}</p> : null}
    </fieldset>
  );
}
