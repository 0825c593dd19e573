import { useId, useMemo, useState } from 'react';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { ROLE_NAMES } from '../../../src-shared/roles.js';
import { SelectField } from '../../components/SelectField.js';
import type { CopySource } from '../../lib/account-form.js';

export type CopyFromPickerProps = {
  value: CopySource;
  onChange: (value: CopySource) => void;
  accounts: readonly AccountRow[];
  error?: string | undefined;
};

const KINDS: readonly { kind: CopySource['kind']; label: string }[] = [
  { kind: 'scratch', label: 'From scratch' },
  { kind: 'account', label: 'Copy from a service account' },
  { kind: 'role', label: 'Copy from a role' },
];

const ROLE_OPTIONS = [
  { value: '', label: 'Choose a role' },
  ...ROLE_NAMES.map((role) => ({ value: role, label: role })),
];

/** Seed 003's "Copy permissions from": start empty, from an existing account's roles, or from a role. */
export function CopyFromPicker({ value, onChange, accounts, error }: CopyFromPickerProps) {
  const name = useId();
  function pick(kind: CopySource['kind']) {
    if (kind === value.kind) return;
    onChange(kind === 'scratch' ? { kind } : kind === 'account' ? { kind, accountId: null } : { kind, role: null });
  }
  return (
    <fieldset className={`fieldset${error ? ' fieldset--invalid' : ''}`}>
      <legend className="field__label">Permissions start from</legend>
      <div className="segmented">
        {KINDS.map((option) => (
          <label
            key={option.kind}
            className={`segmented__item${value.kind === option.kind ? ' segmented__item--on' : ''}`}
          >
            <input
              type="radio"
              name={name}
              value={option.kind}
              checked={value.kind === option.kind}
              onChange={() => pick(option.kind)}
            />
            {option.label}
          </label>
        ))}
      </div>
      {value.kind === 'account' ? (
        <AccountSearchSelect
          accounts={accounts}
          selectedId={value.accountId}
          onSelect={(accountId) => onChange({ kind: 'account', accountId })}
        />
      ) : null}
      {value.kind === 'role' ? (
        <SelectField
          label="Role to copy from"
          value={value.role ?? ''}
          onChange={(choice) => onChange({ kind: 'role', role: ROLE_NAMES.find((r) => r === choice) ?? null })}
          options={ROLE_OPTIONS}
          className="field"
          labelClassName="field__label field__label--sub"
        />
      ) : null}
      {error ? <p className="field__error">{error}</p> : null}
    </fieldset>
  );
}

const MAX_SHOWN = 200;

type AccountSearchSelectProps = {
  accounts: readonly AccountRow[];
  selectedId: string | null;
  onSelect: (accountId: string) => void;
};

/** A search box over the snapshot's accounts and a list of the matches (first 200) to pick one. */
function AccountSearchSelect({ accounts, selectedId, onSelect }: AccountSearchSelectProps) {
  const [search, setSearch] = useState('');
  const searchId = useId();
  const listId = useId();
  const countId = useId();
  const needle = search.trim().toLowerCase();
  const matches = useMemo(() => {
    const found = needle === '' ? accounts : accounts.filter((a) => a.name.includes(needle));
    const sorted = [...found].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return sorted;
  }, [accounts, needle]);
  const shown = matches.slice(0, MAX_SHOWN);
  const selected = accounts.find((a) => a.id === selectedId) ?? null;
  // Keep the current choice listed even when the search no longer matches it.
  const options = selected && !shown.includes(selected) ? [selected, ...shown] : shown;
  return (
    <div className="account-search">
      <div className="field">
        <label htmlFor={searchId} className="field__label field__label--sub">
          Find a service account
        </label>
        <input
          id={searchId}
          type="search"
          className="input"
          placeholder="Type part of a name"
          autoComplete="off"
          spellCheck={false}
          value={search}
          aria-controls={listId}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={listId} className="field__label field__label--sub">
          Service account to copy from
        </label>
        <select
          id={listId}
          className="select select--list"
          size={5}
          value={selectedId ?? ''}
          aria-describedby={countId}
          onChange={(event) => onSelect(event.target.value)}
        >
          {options.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name} — {account.roles.length > 0 ? account.roles.join(', ') : 'no roles'}
            </option>
          ))}
        </select>
        <p id={countId} className="field__hint">
          {matches.length === 0
            ? `No service account name contains “${search.trim()}”.`
            : matches.length > MAX_SHOWN
              ? `Showing ${MAX_SHOWN} of ${matches.length} matches; type more to narrow them.`
              : `${matches.length} ${matches.length === 1 ? 'match' : 'matches'}.`}
        </p>
      </div>
    </div>
  );
}
