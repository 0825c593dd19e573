import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceAccount, ServiceAccountWithTokens, TokenMeta } from '../../src-shared/api/models.js';
import { ServiceAccountListResponse } from '../../src-shared/api/service-accounts.js';
import { ACCOUNT_KEYS, fastSyncPage, PAGE_KEYS, TOKEN_KEYS } from './sync-page.js';
import { makeAccounts } from './test-support/fixtures.js';

/** A page as the server writes it (JSON round trip: what the app parses). */
function page(accounts = 3, tokens = 3): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      items: makeAccounts(accounts, tokens),
      nextCursor: null,
      syncCursor: 'c1',
      deleted: ['sa_9'],
      total: accounts,
    }),
  ) as Record<string, unknown>;
}

/** Values a change may put anywhere: near misses of every rule the schema has. */
const oddValue = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    '',
    'Admin',
    'admin',
    'ACTIVE',
    'active',
    0,
    -1,
    1,
    1.5,
    2 ** 53,
    true,
    [],
    {},
    ['Viewer'],
    ['Viewer', 'Root'],
    ['audit.read'],
    ['audit.read', 'MANAGE_ACCESS_TOKEN'],
    [1],
    '2026-02-29T00:00:00.000Z',
    '2028-02-29T00:00:00.000Z',
    '2026-04-31T00:00:00.000Z',
    '2026-01-01T24:00:00.000Z',
    '2026-01-01T00:00:60.000Z',
    '2026-01-01T00:00:00Z',
    '2026-01-01T00:00:00.000+01:00',
    '0000-01-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    '+010000-01-01T00:00:00.000Z',
    '2026-1-01T00:00:00.000Z',
  ),
  fc.anything(),
);

/** Every path into a page: its keys, its items' keys, their tokens' keys (and one key too many). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : [...Object.keys(value), 'extra'];
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string, unknown>)[key], [...prefix, key]))];
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let at: Record<string | number, unknown> = root;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete at[last];
  else at[last] = value;
}

describe('the full sync fast page check (sync-page.ts)', () => {
  it('takes a page as the server writes it, unchanged, as the schema would', () => {
    const json = page(20, 5);
    const parsed = ServiceAccountListResponse.parse(structuredClone(json));
    expect(fastSyncPage(json)).toBe(json);
    expect(json).toEqual(parsed);
    // Without `total` (pages after the first), and with tokens null (the caller may not see them).
    delete json.total;
    (json.items as Record<string, unknown>[])[0]!.tokens = null;
    expect(fastSyncPage(json)).toBe(json);
  });

  it('checks exactly the keys the schema has', () => {
    expect([...ACCOUNT_KEYS].sort()).toEqual(Object.keys(ServiceAccountWithTokens.shape).sort());
    expect(Object.keys(ServiceAccount.shape).every((key) => ACCOUNT_KEYS.includes(key))).toBe(true);
    expect([...TOKEN_KEYS].sort()).toEqual(Object.keys(TokenMeta.shape).sort());
    expect([...PAGE_KEYS].sort()).toEqual(Object.keys(ServiceAccountListResponse.shape).sort());
  });

  it('never takes what the schema refuses or would change: whatever is changed, wherever', () => {
    const base = page(2, 2);
    const all = paths(base).filter((path) => path.length > 0);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...all), oddValue), { minLength: 1, maxLength: 3 }), (changes) => {
        const json = structuredClone(base);
        for (const [path, value] of changes) {
          try {
            setAt(json, path, value);
          } catch {
            return; // A path under a value an earlier change replaced.
          }
        }
        // As it comes off the wire (the fast check only ever sees what JSON.parse made).
        const wire = JSON.parse(JSON.stringify(json)) as unknown;
        const fast = fastSyncPage(wire);
        if (fast === null) return;
        const schema = ServiceAccountListResponse.safeParse(structuredClone(wire));
        expect(schema.success).toBe(true);
        expect(schema.data).toEqual(wire);
      }),
      { numRuns: 3_000 },
    );
  });
});
