import { describe, expect, it } from 'vitest';
import { account, DAY, iso, manyAccounts, NOW } from '../test-support/fixtures.js';
import {
  FILTER_OPTIONS,
  filterAccounts,
  incrementalFilter,
  queryAccounts,
  sortAccounts,
  type AccountFilter,
} from './account-query.js';

const accounts = [
  account({
    id: 'a',
    name: 'ci_deployer',
    description: 'Deploys from GitHub Actions',
    roles: ['Deployment'],
    updatedAt: iso(NOW - 3 * DAY),
    nextExpiry: iso(NOW + 2 * DAY),
  }),
  account({
    id: 'b',
    name: 'billing_export',
    description: 'Nightly CSV export to the warehouse',
    roles: ['Viewer'],
    enabled: false,
    updatedAt: iso(NOW - 1 * DAY),
    nextExpiry: iso(NOW + 20 * DAY),
  }),
  account({ id: 'c', name: 'audit_reader', description: '', roles: ['Viewer', 'Power User'], updatedAt: iso(NOW) }),
  account({
    id: 'd',
    name: 'svc_10',
    description: 'Uses DEPLOY keys',
    roles: ['Admin'],
    updatedAt: iso(NOW - 9 * DAY),
    nextExpiry: iso(NOW + 7 * DAY),
  }),
  account({ id: 'e', name: 'svc_2', description: 'backup', roles: [], enabled: false, nextExpiry: iso(NOW - DAY) }),
];

const names = (rows: { name: string }[]) => rows.map((row) => row.name);
const filter = (f: AccountFilter, search = '') => names(filterAccounts(accounts, { search, filter: f, now: NOW }));

describe('sortAccounts', () => {
  it('sorts by name A–Z with numbers in natural order', () => {
    expect(names(sortAccounts(accounts, 'name'))).toEqual([
      'audit_reader',
      'billing_export',
      'ci_deployer',
      'svc_2',
      'svc_10',
    ]);
  });

  it('sorts by name Z–A', () => {
    expect(names(sortAccounts(accounts, '-name'))).toEqual([
      'svc_10',
      'svc_2',
      'ci_deployer',
      'billing_export',
      'audit_reader',
    ]);
  });

  it('sorts by most recently updated first', () => {
    expect(names(sortAccounts(accounts, '-updatedAt'))).toEqual([
      'audit_reader',
      'billing_export',
      'ci_deployer',
      'svc_10',
      'svc_2',
    ]);
  });

  it('sorts by next expiry, soonest first, accounts without one last (by name)', () => {
    expect(names(sortAccounts(accounts, 'nextExpiry'))).toEqual([
      'svc_2',
      'ci_deployer',
      'svc_10',
      'billing_export',
      'audit_reader',
    ]);
  });

  it('breaks ties by name so the order is stable', () => {
    const same = iso(NOW);
    const tied = [
      account({ id: '1', name: 'zeta', updatedAt: same }),
      account({ id: '2', name: 'alpha', updatedAt: same }),
    ];
    expect(names(sortAccounts(tied, '-updatedAt'))).toEqual(['alpha', 'zeta']);
  });

  it('does not change its input', () => {
    const copy = [...accounts];
    sortAccounts(accounts, '-name');
    expect(accounts).toEqual(copy);
  });
});

describe('filterAccounts', () => {
  it('keeps everything for All with no search, in input order', () => {
    expect(filter('all')).toEqual(names(accounts));
  });

  it('searches name and description, case-insensitively', () => {
    expect(filter('all', 'DEPLOY')).toEqual(['ci_deployer', 'svc_10']);
    expect(filter('all', 'warehouse')).toEqual(['billing_export']);
    expect(filter('all', '  Export  ')).toEqual(['billing_export']);
  });

  it('finds nothing for a search that matches nothing', () => {
    expect(filter('all', 'no-such-thing')).toEqual([]);
  });

  it('With expiring tokens keeps accounts whose next expiry is in the future and at most 7 days away', () => {
    // svc_10 expires in exactly 7 days (included); billing in 20 (no); svc_2 already expired (no).
    expect(filter('expiring')).toEqual(['ci_deployer', 'svc_10']);
  });

  it('Disabled keeps disabled accounts only', () => {
    expect(filter('disabled')).toEqual(['billing_export', 'svc_2']);
  });

  it('a role filter keeps accounts that have the role', () => {
    expect(filter('role:Viewer')).toEqual(['billing_export', 'audit_reader']);
    expect(filter('role:Admin')).toEqual(['svc_10']);
    expect(filter('role:Power User')).toEqual(['audit_reader']);
  });

  it('combines filter and search', () => {
    expect(filter('disabled', 'backup')).toEqual(['svc_2']);
    expect(filter('role:Viewer', 'audit')).toEqual(['audit_reader']);
  });

  it('offers All, expiring, disabled and one filter per role', () => {
    expect(FILTER_OPTIONS.map((o) => o.label)).toEqual([
      'All',
      'With expiring tokens',
      'Disabled',
      'Admin',
      'Power User',
      'Deployment',
      'Viewer',
    ]);
  });
});

describe('queryAccounts over 10,000 accounts', () => {
  const big = manyAccounts(10_000);

  it('sorts then filters', () => {
    const result = queryAccounts(big, { search: 'nightly', filter: 'disabled', sort: '-name', now: NOW });
    expect(result.length).toBeGreaterThan(0);
    expect(result.every((a) => !a.enabled && a.description.toLowerCase().includes('nightly'))).toBe(true);
    expect(names(result)).toEqual([...names(result)].sort().reverse());
  });

  // How fast it is per keystroke (target: under 50 ms once warm) is measured by `npm run bench`.
  it('narrows the search keystroke by keystroke, the same rows as a fresh filter', () => {
    const sorted = sortAccounts(big, 'name');
    filterAccounts(sorted, { search: 'x', filter: 'all', now: NOW }); // warms the lowercase cache
    let previous = sorted;
    for (const search of ['p', 'pi', 'pip', 'pipe', 'pipel']) {
      const rows = filterAccounts(sorted, { search, filter: 'all', now: NOW });
      const expected = sorted.filter(
        (a) => a.name.toLowerCase().includes(search) || a.description.toLowerCase().includes(search),
      );
      expect(names(rows)).toEqual(names(expected));
      expect(rows.every((row) => previous.includes(row))).toBe(true);
      previous = rows;
    }
    expect(filterAccounts(sorted, { search: 'p', filter: 'all', now: NOW }).length).toBeGreaterThan(0);
  });
});

describe('incrementalFilter', () => {
  it('answers what filterAccounts answers while a search grows, shrinks, moves and the filter changes', () => {
    const many = manyAccounts(2_000);
    const filter = incrementalFilter();
    const steps: [string, AccountFilter][] = [
      ['n', 'all'],
      ['ni', 'all'],
      ['nightly', 'all'],
      ['nightly 1', 'all'],
      ['nightly', 'all'],
      ['nightly', 'disabled'],
      ['nightly 12', 'disabled'],
      ['pipe', 'disabled'],
      ['Pipeline 1', 'all'],
      [' pipeline 19 ', 'all'],
      ['', 'all'],
      ['7', 'role:Viewer'],
    ];
    for (const [search, chip] of steps) {
      const criteria = { search, filter: chip, now: NOW };
      expect(filter(many, criteria)).toEqual(filterAccounts(many, criteria));
    }
  });

  it('answers a Backspace with the answer it gave when that search was typed, without reading an account', () => {
    const reads = { count: 0 };
    // Counts every property read of every account after the first search.
    const many = manyAccounts(2_000).map(
      (row) =>
        new Proxy(row, {
          get(target, key, receiver) {
            reads.count += 1;
            return Reflect.get(target, key, receiver) as unknown;
          },
        }),
    );
    const filter = incrementalFilter();
    const criteria = (search: string) => ({ search, filter: 'all' as const, now: NOW });
    const typed = ['n', 'ni', 'nig', 'nigh'].map((search) => filter(many, criteria(search)));
    reads.count = 0;
    for (const [i, search] of ['nig', 'ni', 'n'].entries()) {
      expect(filter(many, criteria(search))).toBe(typed[2 - i]);
    }
    expect(reads.count).toBe(0);
    // Its answers stay right once the search moves on to something it did not grow from.
    expect(filter(many, criteria('pipe'))).toEqual(filterAccounts(many, criteria('pipe')));
    expect(filter(many, criteria('p'))).toEqual(filterAccounts(many, criteria('p')));
  });

  it('finds a search growing from one that matched most of the list through the index, the same rows', () => {
    const many = manyAccounts(3_000);
    const filter = incrementalFilter();
    for (const search of ['', 's', 'sv', 'svc', 'svc_', 'svc_0', 'svc_01', 'svc_0', 'c_', '\n', 'e\nn']) {
      const criteria = { search, filter: 'all' as const, now: NOW };
      expect(filter(many, criteria)).toEqual(filterAccounts(many, criteria));
    }
  });

  it('starts again from the whole list when the list itself changes', () => {
    const filter = incrementalFilter();
    const before = manyAccounts(50);
    filter(before, { search: 'svc_0001', filter: 'all', now: NOW });
    const after = [...before, account({ id: 'new', name: 'svc_00010_copy' })];
    expect(filter(after, { search: 'svc_00010', filter: 'all', now: NOW }).map((a) => a.id)).toEqual(['sa10', 'new']);
  });
});
