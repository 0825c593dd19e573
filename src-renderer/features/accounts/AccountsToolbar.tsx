import { memo, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SearchIcon } from '../../components/icons.js';
import { SelectField } from '../../components/SelectField.js';
import {
  FILTER_OPTIONS,
  SORT_OPTIONS,
  isAccountFilter,
  isAccountSort,
  type AccountFilter,
} from '../../lib/account-query.js';
import { useAppStore } from '../../store/app-store.js';

/**
 * Search, sort and the filter chips, over the store's search, filter and sort (which the results
 * read too). The chips are native radios laid transparently over their labels, so arrow keys,
 * labels and pointer clicks all reach the real input; memoised, so a keystroke does not render them.
 */
export function AccountsToolbar() {
  const { search, filter, sort, onSearch, onFilter, onSort } = useAppStore(
    useShallow((s) => ({
      search: s.search,
      filter: s.filter,
      sort: s.sort,
      onSearch: s.setSearch,
      onFilter: s.setFilter,
      onSort: s.setSort,
    })),
  );
  const searchId = useId();
  const filterName = useId();
  return (
    <div className="toolbar">
      <div className="toolbar__row">
        <div className="search">
          <label htmlFor={searchId} className="visually-hidden">
            Search service accounts
          </label>
          <SearchIcon />
          <input
            id={searchId}
            type="search"
            className="input search__input"
            placeholder="Search by name or description"
            value={search}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => onSearch(event.target.value)}
          />
        </div>
        <SelectField
          label="Sort by"
          value={sort}
          onChange={(value) => isAccountSort(value) && onSort(value)}
          options={SORT_OPTIONS}
          className="sort"
          labelClassName="sort__label"
        />
      </div>
      <fieldset className="filter-chips">
        <legend className="visually-hidden">Filter</legend>
        {FILTER_OPTIONS.map((option) => (
          <FilterChip
            key={option.value}
            name={filterName}
            value={option.value}
            label={option.label}
            checked={option.value === filter}
            onFilter={onFilter}
            divider={option.value === FIRST_ROLE_FILTER}
          />
        ))}
      </fieldset>
    </div>
  );
}

const FIRST_ROLE_FILTER = FILTER_OPTIONS.find((option) => option.value.startsWith('role:'))?.value;

type FilterChipProps = {
  name: string;
  value: AccountFilter;
  label: string;
  checked: boolean;
  onFilter: (filter: AccountFilter) => void;
  /** Draws the "Role" separator before the first role chip. */
  divider: boolean;
};

const FilterChip = memo(function FilterChip({ name, value, label, checked, onFilter, divider }: FilterChipProps) {
  return (
    <>
      {divider ? (
        <span className="filter-chips__divider" aria-hidden="true">
          Role
        </span>
      ) : null}
      <label className={`filter-chip${checked ? ' filter-chip--on' : ''}`}>
        <input
          type="radio"
          className="filter-chip__input"
          name={name}
          value={value}
          checked={checked}
          onChange={(event) => isAccountFilter(event.target.value) && onFilter(event.target.value)}
        />
        {label}
      </label>
    </>
  );
});
