import { named } from '../db/named.js';
import type { Sql } from '../db/sql.js';
import { perDialect } from '../db/json-sql.js';
import { CLEAR_TOKEN_LIST_SQL, listedToken, NEXT_EXPIRY_SQL, summarySql, tokenMetaJson } from './summary-sql.js';

/**
 * Keeps an account's list summary (token_count, next_expiry and its token_list rows; see migration 7)
 * up to date one token at a time: the token's own token_list row is replaced or removed, and the
 * counters move by what that did. next_expiry is the first key of an index range (tokens_by_member), so
 * none of this reads the account's other tokens, and the 2,000th token of an account costs what the
 * first did. `apply` says false when the summary is stale (a token expired or left the list since it
 * was computed), and the caller recomputes the whole summary instead (`recompute`).
 */
// Fresh: no token has expired or left the list by time since it was computed (see FRESH in summary-sql).
const FRESH_SQL = 'SELECT 1 FROM members WHERE id = @id AND (next_expiry IS NULL OR next_expiry > @now)';
// The token's row, found by its list key (read from the token, which keeps its created_at).
const REMOVE_SQL = `DELETE FROM token_list
  WHERE member_id = @id AND token_id = @token AND created_at = (SELECT created_at FROM tokens WHERE id = @token)`;
// The token's row, with its TokenMeta JSON, if the lists show it now: read and written in one statement.
const insertSql = perDialect(
  (d) => `INSERT INTO token_list (member_id, created_at, token_id, meta)
  SELECT @id, t.created_at, t.id, ${tokenMetaJson(d, 't')} FROM tokens t WHERE t.id = @token AND ${listedToken('t')}`,
);
const COUNT_SQL = `UPDATE members AS m SET token_count = m.token_count + @delta, next_expiry = ${NEXT_EXPIRY_SQL}, seq = @seq
  WHERE m.id = @id`;

/** The tokens one write touched: ones it changed, and ones it created (which have no list row yet). */
export interface TokenChanges {
  changed?: readonly string[];
  created?: readonly string[];
}

export class TokenSummary {
  private readonly sql: Sql;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  /**
   * Brings the summary of `memberId` up to date for the tokens one write changed or created, and gives
   * the account the write's sequence value `seq` in the same statement as its counters. False, with
   * nothing written, when the summary is stale.
   */
  async apply(memberId: string, tokens: TokenChanges, seq: number, now: string): Promise<boolean> {
    if ((await this.sql.value(...named(FRESH_SQL, { id: memberId, now }))) === undefined) return false;
    const insert = insertSql(this.sql.dialect);
    let delta = 0;
    for (const token of tokens.changed ?? []) {
      // While the summary is fresh, a token has a row exactly when the lists showed it.
      delta -= (await this.sql.run(...named(REMOVE_SQL, { id: memberId, token }))).changes;
      delta += (await this.sql.run(...named(insert, { id: memberId, token, now }))).changes;
    }
    for (const token of tokens.created ?? []) {
      delta += (await this.sql.run(...named(insert, { id: memberId, token, now }))).changes;
    }
    await this.sql.run(...named(COUNT_SQL, { id: memberId, delta, seq, now }));
    return true;
  }

  /** Recomputes the whole summary of `memberId` from its tokens, roles and groups. */
  async recompute(memberId: string, now: string): Promise<void> {
    const { REFRESH_SUMMARY_SQL, FILL_TOKEN_LIST_SQL } = summarySql(this.sql.dialect);
    await this.sql.run(...named(REFRESH_SUMMARY_SQL, { id: memberId, now }));
    await this.sql.run(...named(CLEAR_TOKEN_LIST_SQL, { id: memberId }));
    await this.sql.run(...named(FILL_TOKEN_LIST_SQL, { id: memberId, now }));
  }
}
