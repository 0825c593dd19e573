import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support.js';
import { MIGRATIONS, runMigrations } from './migrations.js';
import { openDatabase } from './open.js';

describe('database and migrations', () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it('opens with WAL, foreign keys and a busy timeout, and records each migration once', async () => {
    const dir = tempDir('migrations');
    dirs.push(dir);
    const db = await openDatabase(dir.path);
    expect(await db.value('PRAGMA journal_mode')).toBe('wal');
    expect(await db.value('PRAGMA foreign_keys')).toBe(1);
    expect(await db.value('PRAGMA busy_timeout')).toBe(5000);
    const recorded = await db.all('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(recorded).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    const tables = await db.column("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    for (const table of [
      'audit_events',
      'domains',
      'group_members',
      'groups',
      'idempotency_keys',
      'member_roles',
      'members',
      'request_logs',
      'sa_tombstones',
      'tokens',
    ]) {
      expect(tables).toContain(table);
    }
    await db.close();
  });

  it('is idempotent on restart: nothing is applied twice and data survives', async () => {
    const dir = tempDir('migrations-restart');
    dirs.push(dir);
    const first = await openDatabase(dir.path);
    await first.run("INSERT INTO domains (id, name, created_at) VALUES ('d1', 'x', '2026-01-01T00:00:00.000Z')");
    await first.close();
    const second = await openDatabase(dir.path);
    expect(await runMigrations(second)).toEqual([]);
    expect(await second.value('SELECT count(*) FROM schema_migrations')).toBe(MIGRATIONS.length);
    expect(await second.column('SELECT name FROM domains')).toEqual(['x']);
    await second.close();
  });

  it('applies only new migrations, in order, and rolls back a failing one completely', async () => {
    const dir = tempDir('migrations-new');
    dirs.push(dir);
    const db = await openDatabase(dir.path);
    const extra = [
      ...MIGRATIONS,
      { version: 90, name: 'second', sql: 'CREATE TABLE extra_b (id INTEGER) STRICT;' },
      { version: 80, name: 'first', sql: 'CREATE TABLE extra_a (id INTEGER) STRICT;' },
    ];
    expect(await runMigrations(db, extra)).toEqual([80, 90]);
    const broken = [...extra, { version: 100, name: 'broken', sql: 'CREATE TABLE extra_c (id INTEGER); NOT SQL;' }];
    await expect(runMigrations(db, broken)).rejects.toThrow();
    expect(await db.value("SELECT count(*) FROM sqlite_schema WHERE name = 'extra_c'")).toBe(0);
    expect(await db.value('SELECT max(version) FROM schema_migrations')).toBe(90);
    await db.close();
  });
});
