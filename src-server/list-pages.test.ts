import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../src-shared/api/paths.js';
import { ServiceAccountListResponse } from '../src-shared/api/service-accounts.js';
import { seedDemo } from './demo.js';
import { startServer, type RunningServer } from './server.js';
import { backendTimeout, testBackend, testDatabase, type TestDatabase } from './test-backend.js';

/**
 * Three pages, the last one partial. PostgreSQL seeds far more slowly (one socket round trip per
 * statement, about 60 ms per account here against SQLite's few), so it walks a smaller set: still
 * two full pages and a partial one.
 */
const ACCOUNTS = testBackend() === 'postgres' ? 2_100 : 2_500;
const TOKENS = 2;

/**
 * The sync the app does, over real HTTP: `include=tokens`, 1,000 accounts per page, until the cursor
 * runs out. Every account comes exactly once, each with its tokens (or null where the caller may not
 * see them). (How fast a page is served is
 * measured by `npm run bench`, away from the other test files.)
 */
describe(`list pages of ${ACCOUNTS} demo accounts × ${TOKENS} tokens`, () => {
  let db: TestDatabase;
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    db = await testDatabase('list-pages');
    token = (await seedDemo(db.location, { accounts: ACCOUNTS, tokensPerAccount: TOKENS, seed: 5 })).adminToken!;
    server = await startServer({ database: db.location, port: 0 });
  }, backendTimeout(120_000));
  afterAll(async () => {
    await server.close();
    await db.remove();
  });

  it('walks every account exactly once, each with its tokens, in pages of 1,000', async () => {
    const seen = new Set<string>();
    const pageSizes: number[] = [];
    let withTokens = 0;
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ include: 'tokens', limit: '1000', ...(cursor ? { cursor } : {}) });
      const response = await fetch(
        `${server.url}${apiPath('listServiceAccounts', { domain: 'default' })}?${query.toString()}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('server-timing')).toMatch(/dur=[\d.]+/);
      const page = ServiceAccountListResponse.parse(await response.json());
      pageSizes.push(page.items.length);
      for (const item of page.items) {
        expect(seen.has(item.id), item.id).toBe(false);
        seen.add(item.id);
        // Tokens the caller may not see are null; every item carries the field.
        expect(item.tokens, item.id).not.toBeUndefined();
        if (item.tokens) expect(item.tokens, item.id).toHaveLength(TOKENS);
        if (item.tokens) withTokens += 1;
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(pageSizes).toEqual([1000, 1000, ACCOUNTS - 2000]);
    expect(seen.size).toBe(ACCOUNTS);
    expect(withTokens).toBeGreaterThan(0);
  });
});
