import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';

/**
 * The authorization version (see schema-005-auth-version.ts): triggers move it in the transaction of
 * every change that could alter what a token may do, so reading it tells whether anything cached
 * from an earlier read may still be used.
 */
export class AuthState {
  private readonly versionStmt: Statement<[], number>;

  constructor(db: Db) {
    this.versionStmt = db.prepare<[], number>('SELECT version FROM auth_state WHERE id = 1').pluck();
  }

  version(): number {
    const version = this.versionStmt.get();
    if (version === undefined) throw new Error('auth_state has no row: the database was not migrated');
    return version;
  }
}
