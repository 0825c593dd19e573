export type GroupChecklistProps = {
  value: readonly string[];
  onChange: (groups: string[]) => void;
  options: readonly string[];
  error?: string | undefined;
};

/** A member's groups: one checkbox per group in the domain. */
export function GroupChecklist({ value, onChange, options, error }: GroupChecklistProps) {
  return (
    <fieldset className={`fieldset${error ? ' fieldset--invalid' : ''}`}>
      <legend className="field__label">Groups</legend>
      {options.length === 0 ? <p className="field__hint">There are no groups yet.</p> : null}
      <div className="group-options">
        {options.map((group) => {
          const checked = value.includes(group);
          return (
            <label key={group} className={`filter-chip filter-chip--check${checked ? ' filter-chip--on' : ''}`}>
              <input
                type="checkbox"
                checked={checked}
                onChange={(event) =>
                  onChange(event.target.checked ? [...value, group] : value.filter((g) => g !== group))
                }
              />
              {group}
            </label>
          );
        })}
      </div>
      <p className="field__hint">A member can change service accounts and their tokens only in groups they share.</p>
      {error ? <p className="field__error">{error}</p> : null}
    </fieldset>
  );
}
