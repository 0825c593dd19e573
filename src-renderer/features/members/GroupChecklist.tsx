import { useId } from 'react';

export type GroupChecklistProps = {
  value: readonly string[];
  onChange: (groups: string[]) => void;
  options: readonly string[];
  error?: string | undefined;
  /** Why a group may not be ticked (it carries bundles beyond the user's own), or null. Unticking is always open. */
  blockedReasonOf?: (group: string) => string | null;
};

/** A member's groups: one checkbox per group in the domain. */
export function GroupChecklist({ value, onChange, options, error, blockedReasonOf }: GroupChecklistProps) {
  const idPrefix = useId();
  const blockedGroups = options
    .filter((group) => !value.includes(group))
    .map((group) => ({ group, reason: blockedReasonOf?.(group) ?? null }))
    .filter((entry): entry is { group: string; reason: string } => entry.reason !== null);
  return (
    <fieldset className={`fieldset${error ? ' fieldset--invalid' : ''}`}>
      <legend className="field__label">Groups</legend>
      {options.length === 0 ? <p className="field__hint">There are no groups yet.</p> : null}
      <div className="group-options">
        {options.map((group) => {
          const checked = value.includes(group);
          const blocked = blockedGroups.find((entry) => entry.group === group)?.reason ?? null;
          return (
            <label
              key={group}
              className={`filter-chip filter-chip--check${checked ? ' filter-chip--on' : ''}`}
              title={blocked ?? undefined}
            >
              <input
                type="checkbox"
                checked={checked}
                disabled={blocked !== null}
                title={blocked ?? undefined}
                aria-describedby={blocked ? `${idPrefix}-${group}` : undefined}
                onChange={(event) =>
                  onChange(event.target.checked ? [...value, group] : value.filter((g) => g !== group))
                }
              />
              {group}
            </label>
          );
        })}
      </div>
      {blockedGroups.map(({ group, reason }) => (
        <p key={group} id={`${idPrefix}-${group}`} className="field__hint">
          {group}: {reason}
        </p>
      ))}
      <p className="field__hint">A member can change service accounts and their tokens only in groups they share.</p>
      {error ? <p className="field__error">{error}</p> : null}
    </fieldset>
  );
}
