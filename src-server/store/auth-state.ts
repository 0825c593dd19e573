import type { Sql } from '../db/sql.js';

/**
 * The authorization version (see schema-005-auth-version.ts): triggers move it in the transaction of
 * every change that could alter what a token may do, so reading it tells whether anything cached
 * from an earlier read may still be used.
 */
export class AuthState {
  private readonly sql: Sql;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  async version(): Promise<number> {
    const version = await this.sql.value<number>('SELECT version FROM auth_state WHERE id = 1');
    if (version === undefined) throw new Error('auth_state has no row: the database was not migrated');
    return version;
  }
}
