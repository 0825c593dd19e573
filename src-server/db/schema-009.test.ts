import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GroupListResponse } from '../../src-shared/api/directory.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { ADMIN_MEMBER, ADMINS_GROUP, bootstrapIfEmpty, DEFAULT_DOMAIN } from '../bootstrap.js';
import { startServer } from '../server.js';
import { openStore } from '../store/store.js';
import { call, tempDir } from '../test-support.js';
import { DATABASE_FILE } from './open.js';

/** Migration 9 on a database written before it: each group's total is counted once, then kept. */
describe('migration 9 on an existing database', () => {
  const dir = tempDir('schema-009');
  afterAll(() => dir.remove());

  it('counts the memberships already there; the group list shows them', async () => {
    const store = await openStore(dir.path);
    const adminToken = (await bootstrapIfEmpty(store))!;
    const domain = (await store.domains.byName(DEFAULT_DOMAIN))!;
    const admins = (await store.groups.byName(domain.id, ADMINS_GROUP))!.id;
    const team = (await store.groups.create({ domainId: domain.id, name: 'team', by: ADMIN_MEMBER, at: Date.now() }))
      .id;
    for (let i = 0; i < 5; i++) {
      const groupIds = i % 2 === 0 ? [admins, team] : [team];
      await store.members.create({
        domainId: domain.id,
        type: 'SERVICE_ACCOUNT',
        name: `bot_${i}`,
        roles: [],
        groupIds,
        by: ADMIN_MEMBER,
      });
    }
    await store.close();

    const db = new Database(join(dir.path, DATABASE_FILE));
    db.exec(`
      DROP TRIGGER group_member_counted;
      DROP TRIGGER group_member_uncounted;
      DROP TRIGGER group_member_moved;
      ALTER TABLE groups DROP COLUMN members_total;
      DELETE FROM schema_migrations WHERE version = 9;
    `);
    db.close();

    const server = await startServer({ dataDir: dir.path, port: 0 });
    try {
      const reply = await call(server.url + apiPath('listGroups', { domain: DEFAULT_DOMAIN }), { token: adminToken });
      const counts = GroupListResponse.parse(reply.body).items.map((g) => [
        g.name,
        g.memberCount,
        g.serviceAccountCount,
      ]);
      expect(counts).toEqual([
        ['admins', 1, 3],
        ['team', 0, 5],
      ]);
    } finally {
      await server.close();
    }
  });
});
