import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runMigrations } from './migrations.js';
import { SqliteSql } from './sqlite.js';

export const DATABASE_FILE = 'tokendesk.sqlite';

/**
 * Opens (creating if needed) the server's SQLite file in `dataDir` and brings its schema up to date.
 * The connection's settings and their reasons are in SqliteSql.
 */
export async function openDatabase(dataDir: string): Promise<SqliteSql> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const sql = new SqliteSql(join(dataDir, DATABASE_FILE));
  try {
    await runMigrations(sql);
    return sql;
  } catch (error) {
    await sql.close();
    throw error;
  }
}
