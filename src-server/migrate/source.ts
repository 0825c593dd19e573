/**
 * The SQLite side: a consistent copy of the server's database, brought to this build's schema version.
 *
 * `VACUUM INTO` writes the copy in one read transaction of the live file, so a server still running on
 * the folder goes on working (WAL: readers and the writer do not block each other) and the copy is the
 * database as of one moment, never half of a write. Everything after that reads the private copy, and
 * the migrations run on the copy too: the server's own file is only read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../db/migrations.js';
import { DATABASE_FILE, openDatabase } from '../db/open.js';
import { BUSY_TIMEOUT_MS } from '../db/sqlite.js';
import { BOOKKEEPING_TABLE } from './plan.js';

export interface SqliteSnapshot {
  /** The copy, read with safe integers (every INTEGER as a bigint). */
  db: Database.Database;
  /** The schema versions recorded in the copy after its migrations ran. */
  versions: number[];
  /** The version the server's own file was at. */
  sourceVersion: number;
  /** Closes the copy and deletes it. */
  close(): void;
}

/** The source cannot be copied (not a TokenDesk database, or one from a newer build); the message says why. */
export class SourceRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceRefused';
  }
}

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** `file` is the server's SQLite file (it must exist). The copy lives in a new folder under the OS's temp folder. */
export async function snapshotSqlite(file: string): Promise<SqliteSnapshot> {
  // mkdtemp makes the folder 0700: the copy holds token digests and the audit trail.
  const dir = mkdtempSync(join(tmpdir(), 'tokendesk-migrate-'));
  const copy = join(dir, DATABASE_FILE);
  try {
    const live = new Database(file, { fileMustExist: true });
    try {
      live.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      live.prepare('VACUUM INTO ?').run(copy);
    } finally {
      live.close();
    }
    const sourceVersion = recordedVersion(copy, file);
    if (sourceVersion > LATEST_VERSION) {
      throw new SourceRefused(
        `${file} is at schema version ${sourceVersion}, newer than this build knows (${LATEST_VERSION}): ` +
          'run the migration with the TokenDesk version that wrote it',
      );
    }
    await (await openDatabase(dir)).close();
    const db = new Database(copy, { fileMustExist: true });
    db.defaultSafeIntegers(true);
    const versions = (
      db.prepare(`SELECT version FROM ${BOOKKEEPING_TABLE} ORDER BY version`).pluck().all() as bigint[]
    ).map(Number);
    return {
      db,
      versions,
      sourceVersion,
      close: () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function recordedVersion(copy: string, source: string): number {
  const db = new Database(copy, { fileMustExist: true });
  try {
    const table = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(BOOKKEEPING_TABLE);
    if (!table) throw new SourceRefused(`${source} is not a TokenDesk database (it has no ${BOOKKEEPING_TABLE} table)`);
    return Number(db.prepare(`SELECT coalesce(max(version), 0) FROM ${BOOKKEEPING_TABLE}`).pluck().get());
  } finally {
    db.close();
  }
}
