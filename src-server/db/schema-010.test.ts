import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_MEMBER, ADMINS_GROUP, bootstrapIfEmpty, DEFAULT_DOMAIN } from '../bootstrap.js';
import { openStore } from '../store/store.js';
import { tempDir } from '../test-support.js';
import { DATABASE_FILE } from './open.js';

/**
 * Migration 10 (bundles and account overrides): every new table and column that decides what a token
 * may do moves auth_state.version in the same transaction, cascades leave no grant behind, and an
 * override cannot land on a person.
 */
describe('migration 10: bundles and overrides', () => {
  const dir = tempDir('schema-010');
  let db: Database.Database;
  let domainId = '';
  let groupId = '';
  let accountId = '';
  let personId = '';

  beforeAll(async () => {
    const store = await openStore(dir.path);
    await bootstrapIfEmpty(store);
    const domain = (await store.domains.byName(DEFAULT_DOMAIN))!;
    domainId = domain.id;
    groupId = (await store.groups.byName(domain.id, ADMINS_GROUP))!.id;
    const make = async (type: 'HUMAN' | 'SERVICE_ACCOUNT', name: string) =>
      (await store.members.create({ domainId, type, name, roles: ['Viewer'], groupIds: [groupId], by: ADMIN_MEMBER }))
        .id;
    accountId = await make('SERVICE_ACCOUNT', 'bot');
    personId = await make('HUMAN', 'ann');
    await store.close();
    db = new Database(join(dir.path, DATABASE_FILE));
    db.pragma('foreign_keys = ON');
  });
  afterAll(() => {
    db.close();
    dir.remove();
  });

  const version = () => db.prepare('SELECT version FROM auth_state').pluck().get() as number;
  const bumps = (sql: string, ...params: unknown[]) => {
    const before = version();
    db.prepare(sql).run(...params);
    return version() - before;
  };
  const at = new Date(0).toISOString();

  it('is recorded, and existing accounts start with no overrides', () => {
    expect(db.prepare('SELECT name FROM schema_migrations WHERE version = 10').pluck().get()).toBe('bundles');
    expect(db.prepare('SELECT grants, denies FROM members WHERE id = ?').get(accountId)).toEqual({
      grants: '[]',
      denies: '[]',
    });
  });

  it('moves the authorization version on every change that decides access', () => {
    const insertBundle = `INSERT INTO bundles (id, domain_id, name, permissions, created_by, created_at, updated_by, updated_at)
      VALUES (?, ?, ?, ?, 'admin', '${at}', 'admin', '${at}')`;
    expect(bumps(insertBundle, 'b1', domainId, 'MANAGE_ACCESS_TOKEN', '["access_token.manage"]')).toBe(0);
    expect(bumps('INSERT INTO member_bundles (member_id, bundle_id) VALUES (?, ?)', personId, 'b1')).toBe(1);
    expect(bumps('INSERT INTO group_bundles (group_id, bundle_id) VALUES (?, ?)', groupId, 'b1')).toBe(1);
    expect(bumps(`UPDATE bundles SET permissions = '["member.read"]' WHERE id = 'b1'`)).toBe(1);
    expect(bumps(`UPDATE bundles SET name = 'renamed' WHERE id = 'b1'`)).toBe(1);
    // A description decides nothing: caches survive it.
    expect(bumps(`UPDATE bundles SET description = 'words' WHERE id = 'b1'`)).toBe(0);
    expect(bumps('DELETE FROM member_bundles WHERE member_id = ?', personId)).toBe(1);
    expect(bumps('DELETE FROM group_bundles WHERE group_id = ?', groupId)).toBe(1);
    expect(bumps(`UPDATE members SET grants = '["audit.read"]' WHERE id = ?`, accountId)).toBe(1);
    expect(bumps(`UPDATE members SET denies = '["token.read"]' WHERE id = ?`, accountId)).toBe(1);
    expect(bumps(`DELETE FROM bundles WHERE id = 'b1'`)).toBe(1);
  });

  it('deleting a bundle, a group or a member takes its grants with it', () => {
    db.prepare(
      `INSERT INTO bundles (id, domain_id, name, permissions, created_by, created_at, updated_by, updated_at)
       VALUES ('b2', ?, 'readers', '["member.read"]', 'admin', '${at}', 'admin', '${at}')`,
    ).run(domainId);
    db.prepare('INSERT INTO member_bundles (member_id, bundle_id) VALUES (?, ?)').run(personId, 'b2');
    db.prepare('INSERT INTO group_bundles (group_id, bundle_id) VALUES (?, ?)').run(groupId, 'b2');
    db.prepare(`DELETE FROM bundles WHERE id = 'b2'`).run();
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect([count('member_bundles'), count('group_bundles')]).toEqual([0, 0]);
  });

  it('refuses a bundle name twice in a domain, an empty or malformed permission list, and overrides on a person', () => {
    const insert = db.prepare(
      `INSERT INTO bundles (id, domain_id, name, permissions, created_by, created_at, updated_by, updated_at)
       VALUES (?, ?, ?, ?, 'admin', '${at}', 'admin', '${at}')`,
    );
    insert.run('b3', domainId, 'ops', '["token.read"]');
    expect(() => insert.run('b4', domainId, 'ops', '["token.read"]')).toThrow(/UNIQUE/);
    expect(() => insert.run('b5', domainId, 'empty', '[]')).toThrow(/CHECK/);
    expect(() => insert.run('b6', domainId, 'broken', 'token.read')).toThrow(/CHECK|JSON/i);
    expect(() => db.prepare(`UPDATE members SET grants = '["audit.read"]' WHERE id = ?`).run(personId)).toThrow(
      /only service accounts/,
    );
  });
});
