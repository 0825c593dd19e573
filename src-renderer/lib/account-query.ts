import type { AccountRow } from '../../src-shared/ipc/models.js';
import { ROLE_NAMES, type RoleName } from '../../src-shared/roles.js';
import { isExpiringSoon } from './time-format.js';

/** The list's filter: one of the fixed views or one role. A string so it can be a radio value. */
export type AccountFilter = 'all' | 'expiring' | 'disabled' | `role:${RoleName}`;
export type AccountSort = 'name' | '-name' | '-updatedAt' | 'nextExpiry';

export const SORT_OPTIONS: readonly { value: AccountSort; label: string }[] = [
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: '-updatedAt', label: 'Recently updated' },
  { value: 'nextExpiry', label: 'Next expiry' },
];

export const FILTER_OPTIONS: readonly { value: AccountFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'expiring', label: 'With expiring tokens' },
  { value: 'disabled', label: 'Disabled' },
  ...ROLE_NAMES.map((role) => ({ value: `role:${role}` as const, label: role })),
];

export function isAccountFilter(value: string): value is AccountFilter {
  return FILTER_OPTIONS.some((option) => option.value === value);
}

export function isAccountSort(value: string): value is AccountSort {
  return SORT_OPTIONS.some((option) => option.value === value);
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * Sorted copy. Keys are computed once per account rather than in the comparator, so sorting
 * 10,000 accounts stays in the low milliseconds. Ties fall back to name, then id, so the order is
 * stable across syncs.
 */
export function sortAccounts(accounts: readonly AccountRow[], sort: AccountSort): AccountRow[] {
  const byName = (a: AccountRow, b: AccountRow) => collator.compare(a.name, b.name) || compareIds(a, b);
  switch (sort) {
    case 'name':
      return [...accounts].sort(byName);
    case '-name':
      return [...accounts].sort((a, b) => byName(b, a));
    case '-updatedAt':
      return sortByKey(accounts, (a) => -Date.parse(a.updatedAt), byName);
    case 'nextExpiry':
      // Accounts with nothing expiring go last.
      return sortByKey(
        accounts,
        (a) => (a.nextExpiry === null ? Number.POSITIVE_INFINITY : Date.parse(a.nextExpiry)),
        byName,
      );
  }
}

function sortByKey(
  accounts: readonly AccountRow[],
  key: (account: AccountRow) => number,
  tie: (a: AccountRow, b: AccountRow) => number,
): AccountRow[] {
  const keyed = accounts.map((account) => ({ account, key: key(account) }));
  keyed.sort((a, b) => (a.key === b.key ? tie(a.account, b.account) : a.key < b.key ? -1 : 1));
  return keyed.map((entry) => entry.account);
}

function compareIds(a: AccountRow, b: AccountRow): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Lowercased "name + description" per account object; a snapshot's rows are immutable, so this is safe. */
const haystacks = new WeakMap<AccountRow, string>();

function haystackOf(account: AccountRow): string {
  let text = haystacks.get(account);
  if (text === undefined) {
    text = `${account.name}\n${account.description}`.toLowerCase();
    haystacks.set(account, text);
  }
  return text;
}

export type FilterCriteria = { search: string; filter: AccountFilter; now: number };

/** Keeps the input order. Search is a case-insensitive substring match on name and description. */
export function filterAccounts(accounts: readonly AccountRow[], criteria: FilterCriteria): AccountRow[] {
  const needle = criteria.search.trim().toLowerCase();
  const keep = filterPredicate(criteria.filter, criteria.now);
  if (needle === '' && criteria.filter === 'all') return accounts.slice();
  return accounts.filter((account) => keep(account) && (needle === '' || haystackOf(account).includes(needle)));
}

/**
 * Every account's haystack in one string, each followed by a NUL (which no search holds), and where
 * each starts. `indexOf` then jumps from match to match natively, instead of a property read, a
 * WeakMap look-up and an `includes` per account: a search costs about one pass of memchr over the
 * text plus a little per matching account. Built once per list (a sorted list is never changed).
 */
type SearchIndex = { text: string; starts: Int32Array };
const indexes = new WeakMap<readonly AccountRow[], SearchIndex>();

function searchIndexOf(accounts: readonly AccountRow[]): SearchIndex {
  let index = indexes.get(accounts);
  if (index === undefined) {
    const starts = new Int32Array(accounts.length + 1);
    const parts: string[] = [];
    let at = 0;
    for (let i = 0; i < accounts.length; i++) {
      const text = haystackOf(accounts[i]!);
      starts[i] = at;
      parts.push(text);
      at += text.length + 1;
    }
    starts[accounts.length] = at;
    index = { text: parts.join('\0') + '\0', starts };
    indexes.set(accounts, index);
  }
  return index;
}

/** filterAccounts for a non-empty needle, through the list's search index; the same rows in the same order. */
function searchIndexed(
  accounts: readonly AccountRow[],
  needle: string,
  keep: (account: AccountRow) => boolean,
): AccountRow[] {
  const { text, starts } = searchIndexOf(accounts);
  const result: AccountRow[] = [];
  let row = 0;
  let at = text.indexOf(needle);
  while (at !== -1) {
    // The account whose haystack holds `at`: the last start at or before it, searched from the previous one.
    let low = row;
    let high = accounts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    row = low;
    const account = accounts[row]!;
    if (keep(account)) result.push(account);
    row += 1;
    if (row >= accounts.length) break;
    at = text.indexOf(needle, starts[row]);
  }
  return result;
}

/**
 * The filter a keystroke runs, answering exactly what filterAccounts would, at a cost that depends on
 * the matches rather than the list's length where it can:
 * - a search that grows (same list, filter and clock) only looks among the previous matches, while
 *   they are few; otherwise the list's search index finds the matches (see SearchIndex);
 * - a search that shrinks back (Backspace) reuses the answer it had when it was typed: the answers of
 *   the searches the current one grew from are kept (only those, so at most one per typed character).
 */
export function incrementalFilter(): (accounts: readonly AccountRow[], criteria: FilterCriteria) => AccountRow[] {
  let base: { accounts: readonly AccountRow[]; filter: AccountFilter; now: number } | null = null;
  /** Needle → answer, for the searches the latest one grew from (and itself). */
  let chain = new Map<string, AccountRow[]>();
  let last: { needle: string; result: AccountRow[] } | null = null;
  return (accounts, criteria) => {
    const needle = criteria.search.trim().toLowerCase();
    if (base?.accounts !== accounts || base.filter !== criteria.filter || base.now !== criteria.now) {
      base = { accounts, filter: criteria.filter, now: criteria.now };
      chain = new Map();
      last = null;
    }
    let result = chain.get(needle);
    if (result === undefined) {
      const keep = filterPredicate(criteria.filter, criteria.now);
      if (needle === '' || needle.includes('\0')) result = filterAccounts(accounts, criteria);
      // Few previous matches: checking them is cheaper than a pass over the whole text.
      else if (last !== null && needle.includes(last.needle) && last.result.length * 8 < accounts.length) {
        result = filterAccounts(last.result, criteria);
      } else result = searchIndexed(accounts, needle, keep);
    }
    // Keep the answers the current search grew from; a search it did not grow from is not coming back by Backspace.
    for (const known of chain.keys()) if (!needle.includes(known)) chain.delete(known);
    chain.set(needle, result);
    last = { needle, result };
    return result;
  };
}

function filterPredicate(filter: AccountFilter, now: number): (account: AccountRow) => boolean {
  if (filter === 'all') return () => true;
  if (filter === 'expiring') return (account) => isExpiringSoon(account.nextExpiry, now);
  if (filter === 'disabled') return (account) => !account.enabled;
  const role = filter.slice('role:'.length);
  return (account) => (account.roles as readonly string[]).includes(role);
}

/** Sort then filter: what the list shows. Screens memoise the two steps separately. */
export function queryAccounts(
  accounts: readonly AccountRow[],
  criteria: FilterCriteria & { sort: AccountSort },
): AccountRow[] {
  return filterAccounts(sortAccounts(accounts, criteria.sort), criteria);
}
