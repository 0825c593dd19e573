import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_MEMBER, ADMINS_GROUP, bootstrapIfEmpty, DEFAULT_DOMAIN } from '../bootstrap.js';
import { startServer } from '../server.js';
import { openStore } from '../store/store.js';
import { listingPages, tempDir } from '../test-support.js';
import { DATABASE_FILE } from './open.js';

/**
 * Migration 8 on a database written before it: every service account gets its list item, and every
 * list page (plain, with tokens, by another order) is byte for byte what the same data answered with
 * items kept from the start.
 */
describe('migration 8 on an existing database', () => {
  const dir = tempDir('schema-008');
  afterAll(() => dir.remove());

  const QUERIES = ['limit=2', 'include=tokens&limit=2', 'sort=-updatedAt&limit=3'];
  const pages = async (url: string, token: string) =>
    (await Promise.all(QUERIES.map((query) => listingPages(url, token, query)))).flat();

  it('builds the items of the accounts already there; pages answer as before', async () => {
    const store = await openStore(dir.path);
    const adminToken = (await bootstrapIfEmpty(store))!;
    const domain = (await store.domains.byName(DEFAULT_DOMAIN))!;
    const admins = (await store.groups.byName(domain.id, ADMINS_GROUP))!.id;
    const team = (await store.groups.create({ domainId: domain.id, name: 'team', by: ADMIN_MEMBER, at: Date.now() }))
      .id;
    const shapes = [
      { name: 'plain_bot', roles: ['Viewer'] as const, groupIds: [admins] },
      { name: 'many_roles', roles: ['Viewer', 'Admin', 'Deployment'] as const, groupIds: [team, admins] },
      { name: 'no_roles', roles: [] as const, groupIds: [admins] },
      { name: 'quoted_bot', roles: ['Power User'] as const, groupIds: [admins], description: 'say "hi" \\ ☃\n\t' },
    ];
    for (const shape of shapes) {
      const account = await store.members.create({
        domainId: domain.id,
        type: 'SERVICE_ACCOUNT',
        name: shape.name,
        roles: [...shape.roles],
        groupIds: shape.groupIds,
        description: shape.description ?? '',
        by: ADMIN_MEMBER,
      });
      await store.tokens.create({
        memberId: account.id,
        kind: 'sa',
        name: 'first',
        roles: [],
        expiresAt: null,
        by: ADMIN_MEMBER,
      });
      if (shape.name === 'many_roles') {
        await store.tokens.create({
          memberId: account.id,
          kind: 'sa',
          name: 'expiring',
          roles: ['Viewer'],
          expiresAt: Date.now() + 30 * 86_400_000,
          by: ADMIN_MEMBER,
        });
      }
    }
    await store.close();

    const before = await startServer({ dataDir: dir.path, port: 0 });
    let expected: string[];
    try {
      expected = await pages(before.url, adminToken);
    } finally {
      await before.close();
    }

    // Back to the schema before migration 8. Migration 11 rebuilt 8's item triggers with the overrides,
    // so it is undone too and runs again after 8, as it did on a database that had neither.
    const db = new Database(join(dir.path, DATABASE_FILE));
    db.exec(`
      DROP TRIGGER service_account_list_item_insert;
      DROP TRIGGER service_account_list_item_update;
      DROP TRIGGER service_account_list_item_summary;
      DROP INDEX members_list_by_name;
      ALTER TABLE members DROP COLUMN list_item;
      DELETE FROM schema_migrations WHERE version IN (8, 11);
    `);
    db.close();

    const after = await startServer({ dataDir: dir.path, port: 0 });
    try {
      expect(await pages(after.url, adminToken)).toEqual(expected);
    } finally {
      await after.close();
    }
  });
});
