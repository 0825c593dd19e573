import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, runMigrations } from '../db/migrations.js';
import { DATABASE_FILE } from '../db/open.js';
import { SqliteSql } from '../db/sqlite.js';
import { tempDir } from '../test-support.js';
import { LATEST_VERSION, snapshotSqlite, SourceRefused } from './source.js';

const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

/** A server file with the migrations up to `upTo` applied. */
async function serverFile(upTo: number): Promise<string> {
  const dir = tempDir('migrate-source');
  dirs.push(dir);
  const file = join(dir.path, DATABASE_FILE);
  const sql = new SqliteSql(file);
  await runMigrations(
    sql,
    MIGRATIONS.filter((m) => m.version <= upTo),
  );
  await sql.close();
  return file;
}

const versionsOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
  } finally {
    db.close();
  }
};

describe('the SQLite snapshot', () => {
  it('brings an older database to this build’s version in the copy, and only reads the server’s file', async () => {
    const file = await serverFile(LATEST_VERSION - 1);
    const snapshot = await snapshotSqlite(file);
    try {
      expect(snapshot.sourceVersion).toBe(LATEST_VERSION - 1);
      expect(snapshot.versions).toEqual(MIGRATIONS.map((m) => m.version));
      expect(snapshot.db.name).not.toBe(file);
    } finally {
      snapshot.close();
    }
    expect(versionsOf(file)).toHaveLength(LATEST_VERSION - 1);
    // The private copy is gone.
    expect(existsSync(snapshot.db.name)).toBe(false);
  });

  it('refuses a database written by a newer build', async () => {
    const file = await serverFile(LATEST_VERSION);
    const db = new Database(file);
    db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 'x')`).run(
      LATEST_VERSION + 1,
    );
    db.close();
    await expect(snapshotSqlite(file)).rejects.toThrow(SourceRefused);
    await expect(snapshotSqlite(file)).rejects.toThrow(
      new RegExp(`schema version ${LATEST_VERSION + 1}, newer than this build knows \\(${LATEST_VERSION}\\)`),
    );
  });

  it('refuses a SQLite file that is not a TokenDesk database, and a file that is not SQLite', async () => {
    const dir = tempDir('migrate-source-other');
    dirs.push(dir);
    const other = join(dir.path, 'other.sqlite');
    new Database(other).exec('CREATE TABLE notes (text TEXT)').close();
    await expect(snapshotSqlite(other)).rejects.toThrow(
      /is not a TokenDesk database \(it has no schema_migrations table\)/,
    );
    const text = join(dir.path, 'text.sqlite');
    writeFileSync(text, 'just some text, long enough to be read as a header by SQLite: '.repeat(10));
    await expect(snapshotSqlite(text)).rejects.toThrow(/not a database/);
  });
});
