import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { ServiceAccountListResponse } from '../../src-shared/api/service-accounts.js';
import { ADMIN_MEMBER, ADMINS_GROUP, bootstrapIfEmpty, DEFAULT_DOMAIN } from '../bootstrap.js';
import { startServer } from '../server.js';
import { openStore } from '../store/store.js';
import { CLEAR_TOKEN_LIST_SQL, summarySql } from '../store/summary-sql.js';
import { isoOf } from '../store/time.js';
import { named } from './named.js';
import { call, tempDir, TestClock } from '../test-support.js';
import { DATABASE_FILE } from './open.js';

const { FILL_TOKEN_LIST_SQL, REFRESH_SUMMARY_SQL, TOKENS_JSON_SQL } = summarySql('sqlite');

const HOUR = 3_600_000;

/**
 * Migration 7 on a database written before it: the token list stored on each account
 * (members.tokens_json) becomes one token_list row per token, and every list page still shows each
 * account's tokens as the very same JSON text as before, fresh and stale summaries alike.
 */
describe('migration 7 on an existing database', () => {
  const dir = tempDir('schema-007');
  afterAll(() => dir.remove());

  it('turns stored token lists into rows; list pages answer byte for byte as before', async () => {
    const clock = new TestClock();
    const store = await openStore(dir.path, { now: clock.now });
    const adminToken = (await bootstrapIfEmpty(store))!;
    const domain = (await store.domains.byName(DEFAULT_DOMAIN))!;
    const admins = (await store.groups.byName(domain.id, ADMINS_GROUP))!.id;
    const account = async (name: string, groupIds: string[] = [admins]) =>
      await store.members.create({
        domainId: domain.id,
        type: 'SERVICE_ACCOUNT',
        name,
        roles: ['Viewer'],
        groupIds,
        by: ADMIN_MEMBER,
      });
    const token = async (memberId: string, name: string, expiresAt: number | null = null) =>
      (await store.tokens.create({ memberId, kind: 'sa', name, roles: ['Viewer'], expiresAt, by: ADMIN_MEMBER })).row;

    // Many tokens of every kind the list shows: plain, suspended, limited, used, rotated within its
    // grace, deleted, expiring far ahead, and names that JSON has to escape.
    const many = await account('many_tokens');
    for (let i = 0; i < 12; i++) {
      const row = await token(many.id, `t-${i} "quoted" ☃`, i % 3 === 0 ? clock.now() + (i + 10) * 24 * HOUR : null);
      if (i === 2) await store.tokens.update(row.id, { status: 'SUSPENDED', maxRps: 5 });
      if (i === 4) await store.tokens.touch(row.id, clock.now(), '10.0.0.4');
      if (i === 5) await store.tokens.rotate(row.id, { graceMs: 30 * 24 * HOUR, by: ADMIN_MEMBER });
      if (i === 7) await store.tokens.softDelete(row.id);
      clock.advance(1000);
    }
    // A summary that goes stale before the migration: its token expires in between.
    const stale = await account('stale_tokens');
    await token(stale.id, 'soon', clock.now() + HOUR);
    clock.advance(1000);
    await token(stale.id, 'later');
    const empty = await account('no_tokens');
    const hidden = await account('other_group', []);
    await token(hidden.id, 'hidden');
    const accounts = [many, stale, empty, hidden];
    await store.close();

    // Back to the schema before migration 7: each account's list stored as one JSON text, as the
    // full recompute of that version wrote it.
    const db = new Database(join(dir.path, DATABASE_FILE));
    db.exec(`
      ALTER TABLE members ADD COLUMN tokens_json TEXT NOT NULL DEFAULT '[]';
      DROP TABLE token_list;
      DELETE FROM schema_migrations WHERE version = 7;
    `);
    db.prepare(`UPDATE members AS m SET tokens_json = ${TOKENS_JSON_SQL} WHERE m.type = 'SERVICE_ACCOUNT'`).run({
      now: isoOf(clock.now()),
    });
    clock.advance(2 * HOUR);
    // What that version's list pages showed: the stored text while fresh, else recomputed at read time.
    const before = new Map<string, string>();
    for (const { id } of accounts) {
      const text = db
        .prepare<{ id: string; now: string }, string>(
          `SELECT CASE WHEN m.next_expiry IS NULL OR m.next_expiry > @now THEN m.tokens_json ELSE ${TOKENS_JSON_SQL} END
           FROM members m WHERE m.id = @id`,
        )
        .pluck()
        .get({ id, now: isoOf(clock.now()) })!;
      before.set(id, text);
    }
    expect(before.get(stale.id)).toContain('"status":"EXPIRED"');
    expect(JSON.parse(before.get(many.id)!)).toHaveLength(12);
    db.close();

    const server = await startServer({ dataDir: dir.path, port: 0, now: clock.now, validateAllResponses: true });
    try {
      const page = await fetch(
        `${server.url + apiPath('listServiceAccounts', { domain: DEFAULT_DOMAIN })}?include=tokens`,
        { headers: { authorization: `Bearer ${adminToken}` } },
      );
      expect(page.status).toBe(200);
      const text = await page.text();
      ServiceAccountListResponse.parse(JSON.parse(text));
      for (const { id } of [many, stale, empty]) expect(text).toContain(`"tokens":${before.get(id)}}`);
      expect(text).toMatch(new RegExp(`"id":"${hidden.id}".*?"tokens":null}`));

      // Writes after the migration keep the rows equal to a full recompute, on a fresh and a stale summary.
      const after = await openStore(dir.path, { now: clock.now });
      try {
        const rowsOf = (id: string) =>
          after.sql.all('SELECT * FROM token_list WHERE member_id = ? ORDER BY created_at, token_id', [id]);
        for (const { id } of [many, stale]) {
          await after.tokens.create({
            memberId: id,
            kind: 'sa',
            name: 'after',
            roles: ['Viewer'],
            expiresAt: null,
            by: ADMIN_MEMBER,
          });
          const patched = await rowsOf(id);
          const bind = { id, now: isoOf(clock.now()) };
          await after.sql.run(...named(REFRESH_SUMMARY_SQL, bind));
          await after.sql.run(...named(CLEAR_TOKEN_LIST_SQL, { id }));
          await after.sql.run(...named(FILL_TOKEN_LIST_SQL, bind));
          expect(await rowsOf(id)).toEqual(patched);
        }
        const listed = await call(
          `${server.url + apiPath('listServiceAccounts', { domain: DEFAULT_DOMAIN })}?include=tokens`,
          {
            token: adminToken,
          },
        );
        const items = ServiceAccountListResponse.parse(listed.body).items;
        const tokensOf = (id: string) => items.find((a) => a.id === id)?.tokens?.map((t) => t.name);
        expect(tokensOf(stale.id)).toEqual(['soon', 'later', 'after']);
      } finally {
        await after.close();
      }
    } finally {
      await server.close();
    }
  });
});
