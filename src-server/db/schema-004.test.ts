import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { ServiceAccountListResponse, TokenListResponse } from '../../src-shared/api/service-accounts.js';
import { LATEST_INSTANT } from '../../src-shared/validation.js';
import { ADMIN_MEMBER, ADMINS_GROUP, bootstrapIfEmpty, DEFAULT_DOMAIN } from '../bootstrap.js';
import { startServer } from '../server.js';
import { openStore } from '../store/store.js';
import { call, tempDir } from '../test-support.js';
import { DATABASE_FILE } from './open.js';

/**
 * Migration 4 on a database written before it: rotation chains get one lineage, existing log rows
 * count one request each, and an expiry stored past year 9999 (which broke every list) is clamped so
 * the lists read again.
 */
describe('migration 4 on an existing database', () => {
  const dir = tempDir('schema-004');
  afterAll(() => dir.remove());

  it('backfills lineages, counts and clamps far-future expiries; every list reads afterwards', async () => {
    const store = await openStore(dir.path);
    const adminToken = (await bootstrapIfEmpty(store))!;
    const domain = (await store.domains.byName(DEFAULT_DOMAIN))!;
    const account = await store.members.create({
      domainId: domain.id,
      type: 'SERVICE_ACCOUNT',
      name: 'old_bot',
      roles: ['Viewer'],
      groupIds: [(await store.groups.byName(domain.id, ADMINS_GROUP))!.id],
      by: ADMIN_MEMBER,
    });
    const make = async (name: string, expiresAt: number | null = null) =>
      (
        await store.tokens.create({
          memberId: account.id,
          kind: 'sa',
          name,
          roles: ['Viewer'],
          expiresAt,
          by: ADMIN_MEMBER,
        })
      ).row;
    const first = await make('chained');
    const second = (await store.tokens.rotate(first.id, { graceMs: 3_600_000, by: ADMIN_MEMBER }))!.row;
    const third = (await store.tokens.rotate(second.id, { graceMs: 3_600_000, by: ADMIN_MEMBER }))!.row;
    const alone = await make('alone');
    const far = await make('far-future', Date.parse('2030-01-01T00:00:00.000Z'));
    store.requestLog.add({
      memberId: account.id,
      tokenId: alone.id,
      method: 'GET',
      path: '/x',
      status: 200,
      clientAddress: null,
    });
    await store.close();

    // Back to the schema before migration 4, with the far-future value the API once accepted. Migration
    // 7 runs again after it, so its token_list rows go back into members.tokens_json first.
    const db = new Database(join(dir.path, DATABASE_FILE));
    db.exec(`
      ALTER TABLE members ADD COLUMN tokens_json TEXT NOT NULL DEFAULT '[]';
      UPDATE members SET tokens_json = (
        SELECT '[' || coalesce(group_concat(l.meta, ',' ORDER BY l.created_at, l.token_id), '') || ']'
        FROM token_list l WHERE l.member_id = members.id);
      DROP TABLE token_list;
      DELETE FROM schema_migrations WHERE version = 7;
      DROP INDEX request_logs_refusals;
      ALTER TABLE request_logs DROP COLUMN bucket;
      ALTER TABLE request_logs DROP COLUMN count;
      ALTER TABLE tokens DROP COLUMN lineage_id;
      DELETE FROM schema_migrations WHERE version = 4;
    `);
    db.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').run('+010000-01-01T13:59:59.000Z', far.id);
    db.prepare(`UPDATE members SET tokens_json = replace(tokens_json, '2030-01-01T00:00:00.000Z', ?) WHERE id = ?`).run(
      '+010000-01-01T13:59:59.000Z',
      account.id,
    );
    db.close();

    const server = await startServer({ dataDir: dir.path, port: 0 });
    try {
      const check = await openStore(dir.path);
      const lineage = async (id: string) => (await check.tokens.get(id))!.lineage_id;
      expect([await lineage(first.id), await lineage(second.id), await lineage(third.id)]).toEqual([
        first.id,
        first.id,
        first.id,
      ]);
      expect([await lineage(alone.id), await lineage(far.id)]).toEqual([alone.id, far.id]);
      expect(await check.sql.all('SELECT count, bucket FROM request_logs')).toEqual([{ count: 1, bucket: null }]);
      await check.close();

      const tokens = await call(
        server.url + apiPath('listServiceAccountTokens', { domain: DEFAULT_DOMAIN, id: account.id }),
        { token: adminToken },
      );
      expect(tokens.status).toBe(200);
      const listed = TokenListResponse.parse(tokens.body).items.find((t) => t.id === far.id);
      expect(listed).toMatchObject({ expiresAt: LATEST_INSTANT, status: 'ACTIVE' });
      const page = await call(
        `${server.url + apiPath('listServiceAccounts', { domain: DEFAULT_DOMAIN })}?include=tokens`,
        {
          token: adminToken,
        },
      );
      expect(page.status).toBe(200);
      const synced = ServiceAccountListResponse.parse(page.body).items.find((a) => a.id === account.id);
      expect(synced && 'tokens' in synced ? synced.tokens?.find((t) => t.id === far.id)?.expiresAt : null).toBe(
        LATEST_INSTANT,
      );
    } finally {
      await server.close();
    }
  });
});
