import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ServiceAccountListResponse } from '../../src-shared/api/service-accounts.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { ADMIN_MEMBER, ADMINS_GROUP, bootstrapIfEmpty, DEFAULT_DOMAIN } from '../bootstrap.js';
import { startServer } from '../server.js';
import { openStore } from '../store/store.js';
import { send, tempDir } from '../test-support.js';
import { DATABASE_FILE } from './open.js';
import { LIST_ITEM_SCHEMA } from './schema-008-list-item.js';

/** The part of a migration's SQL from `from` up to (not including) `to`. */
const between = (sql: string, from: string, to: string) => sql.slice(sql.indexOf(from), sql.indexOf(to));

/**
 * Migration 11 on a database written before it: every account's list item is rebuilt with its grants
 * and denies, and the re-created triggers keep it in step when they change.
 */
describe('migration 11 on an existing database', () => {
  const dir = tempDir('schema-011');
  afterAll(() => dir.remove());

  it('adds grants and denies to every stored list item, byte for byte a single read', async () => {
    const store = await openStore(dir.path);
    const adminToken = (await bootstrapIfEmpty(store))!;
    const domain = (await store.domains.byName(DEFAULT_DOMAIN))!;
    const admins = (await store.groups.byName(domain.id, ADMINS_GROUP))!.id;
    const permissionSets = [
      { roles: ['Viewer'] as const, grants: [], denies: [] },
      {
        roles: ['Deployment'] as const,
        grants: ['log.read', 'audit.read'] as const,
        denies: ['access_token.manage'] as const,
      },
      { roles: [] as const, grants: ['service_account.read'] as const, denies: [] },
    ];
    const ids: string[] = [];
    for (const [i, p] of permissionSets.entries()) {
      ids.push(
        (
          await store.members.create({
            domainId: domain.id,
            type: 'SERVICE_ACCOUNT',
            name: `bot_${i}`,
            roles: [...p.roles],
            grants: [...p.grants],
            denies: [...p.denies],
            groupIds: [admins],
            by: ADMIN_MEMBER,
          })
        ).id,
      );
    }
    await store.close();

    // Back to migration 8's list items and triggers, as a database of the release before this one has them.
    const db = new Database(join(dir.path, DATABASE_FILE));
    db.exec(`
      DROP TRIGGER service_account_list_item_insert;
      DROP TRIGGER service_account_list_item_update;
      ${between(LIST_ITEM_SCHEMA, 'CREATE TRIGGER service_account_list_item_insert', '-- A token write')}
      ${between(LIST_ITEM_SCHEMA, 'UPDATE members SET list_item', 'CREATE INDEX')}
      DELETE FROM schema_migrations WHERE version = 11;
    `);
    const old = db.prepare('SELECT list_item FROM members WHERE id = ?').pluck().get(ids[1]) as string;
    expect(old).not.toContain('"grants"');
    db.close();

    const server = await startServer({ dataDir: dir.path, port: 0 });
    const reopened = await openStore(dir.path);
    try {
      const listUrl = server.url + apiPath('listServiceAccounts', { domain: DEFAULT_DOMAIN });
      const expectAsSingleReads = async () => {
        const response = await fetch(listUrl, { headers: { authorization: `Bearer ${adminToken}` } });
        const text = await response.text();
        const page = ServiceAccountListResponse.parse(JSON.parse(text));
        const items = await Promise.all(
          page.items.map(async (item) =>
            JSON.stringify((await reopened.serviceAccounts.get(domain.id, item.id))!.account),
          ),
        );
        expect(text.slice(0, text.indexOf('],"nextCursor"') + 1)).toBe(`{"items":[${items.join(',')}]`);
        return page.items;
      };
      const items = await expectAsSingleReads();
      expect(items.map((a) => [a.name, a.roles, a.grants, a.denies])).toEqual([
        ['bot_0', ['Viewer'], [], []],
        ['bot_1', ['Deployment'], ['audit.read', 'log.read'], ['access_token.manage']],
        ['bot_2', [], ['service_account.read'], []],
      ]);

      // The re-created update trigger watches the two new columns.
      const patch = await send(
        server.url + apiPath('updateServiceAccount', { domain: DEFAULT_DOMAIN, id: ids[0]! }),
        'PATCH',
        adminToken,
        { grants: ['VIEW_AUDIT'], denies: ['service_account.read'] },
      );
      expect(patch.status, JSON.stringify(patch.body)).toBe(200);
      const after = await expectAsSingleReads();
      expect(after[0]).toMatchObject({ grants: ['audit.read'], denies: ['service_account.read'] });
      // Also a write of the overrides alone, by any code path.
      const direct = new Database(join(dir.path, DATABASE_FILE));
      direct.prepare(`UPDATE members SET grants = '["member.read"]', denies = '[]' WHERE id = ?`).run(ids[2]);
      direct.close();
      const last = await expectAsSingleReads();
      expect(last[2]).toMatchObject({ grants: ['member.read'], denies: [] });
    } finally {
      await reopened.close();
      await server.close();
    }
  });
});
