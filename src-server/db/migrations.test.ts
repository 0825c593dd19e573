import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support.js';
import { MIGRATIONS, runMigrations } from './migrations.js';
import { openDatabase } from './open.js';

describe('database and migrations', () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it('opens with WAL, foreign keys and a busy timeout, and records each migration once', () => {
    const dir = tempDir('migrations');
    dirs.push(dir);
    const db = openDatabase(dir.path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const recorded = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(recorded).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
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
    db.close();
  });

  it('is idempotent on restart: nothing is applied twice and data survives', () => {
    const dir = tempDir('migrations-restart');
    dirs.push(dir);
    const first = openDatabase(dir.path);
    first.prepare("INSERT INTO domains (id, name, created_at) VALUES ('d1', 'x', '2026-01-01T00:00:00.000Z')").run();
    first.close();
    const second = openDatabase(dir.path);
    expect(runMigrations(second)).toEqual([]);
    expect(second.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    expect(second.prepare('SELECT name FROM domains').pluck().all()).toEqual(['x']);
    second.close();
  });

  it('applies only new migrations, in order, and rolls back a failing one completely', () => {
    const dir = tempDir('migrations-new');
    dirs.push(dir);
    const db = openDatabase(dir.path);
    const extra = [
      ...MIGRATIONS,
      { version: 90, name: 'second', sql: 'CREATE TABLE extra_b (id INTEGER) STRICT;' },
      { version: 80, name: 'first', sql: 'CREATE TABLE extra_a (id INTEGER) STRICT;' },
    ];
    expect(runMigrations(db, extra)).toEqual([80, 90]);
    const broken = [...extra, { version: 100, name: 'broken', sql: 'CREATE TABLE extra_c (id INTEGER); NOT SQL;' }];
    expect(() => runMigrations(db, broken)).toThrow();
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'extra_c'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(90);
    db.close();
  });
});
