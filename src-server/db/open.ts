import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runMigrations } from './migrations.js';

export type Db = Database.Database;

export const DATABASE_FILE = 'tokendesk.sqlite';
/** How long a write waits for another connection's lock. better-sqlite3 blocks the thread meanwhile. */
export const BUSY_TIMEOUT_MS = 5000;
/** SQLite's page cache per connection, KiB. */
const PAGE_CACHE_KIB = 64 * 1024;

/**
 * Opens (creating if needed) the server's SQLite file in `dataDir` and brings its schema up to date.
 * WAL lets readers (list pages) run while a writer commits; busy_timeout makes a second process or
 * connection wait for a lock instead of failing at once.
 */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
    db.pragma('synchronous = NORMAL');
    // SQLite's default page cache is 2 MB: a 10,000-account domain's list rows did not fit, so every list
    // page re-read most of its rows from the file (a system call each). Memory is taken only as pages are read.
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    runMigrations(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
