import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
import {
  CLEAR_TOKEN_LIST_SQL,
  FILL_TOKEN_LIST_SQL,
  listedToken,
  NEXT_EXPIRY_SQL,
  REFRESH_SUMMARY_SQL,
  tokenMetaJson,
} from './summary-sql.js';

/**
 * Keeps an account's list summary (token_count, next_expiry and its token_list rows; see migration 7)
 * up to date one token at a time: the token's own token_list row is replaced or removed, and the
 * counters move by what that did. next_expiry is the first key of an index range (tokens_by_member), so
 * none of this reads the account's other tokens, and the 2,000th token of an account costs what the
 * first did. `apply` says false when the summary is stale (a token expired or left the list since it
 * was computed), and the caller recomputes the whole summary instead (`recompute`).
 */
export class TokenSummary {
  private readonly freshStmt: Statement<{ id: string; now: string }, number>;
  private readonly tokenStmt: Statement<{ token: string; now: string }, { created_at: string; meta: string | null }>;
  private readonly removeStmt: Statement<{ id: string; at: string; token: string }>;
  private readonly insertStmt: Statement<{ id: string; at: string; token: string; meta: string }>;
  private readonly countStmt: Statement<{ id: string; delta: number; now: string }>;
  private readonly refreshStmt: Statement<{ id: string; now: string }>;
  private readonly clearStmt: Statement<{ id: string }>;
  private readonly fillStmt: Statement<{ id: string; now: string }>;

  constructor(db: Db) {
    // Fresh: no token has expired or left the list by time since it was computed (see FRESH in summary-sql).
    this.freshStmt = db
      .prepare<{ id: string; now: string }, number>(
        'SELECT 1 FROM members WHERE id = @id AND (next_expiry IS NULL OR next_expiry > @now)',
      )
      .pluck();
    // The token's list key, and its TokenMeta JSON if the lists show it now.
    this.tokenStmt = db.prepare(
      `SELECT t.created_at, CASE WHEN ${listedToken('t')} THEN ${tokenMetaJson('t')} END AS meta
       FROM tokens t WHERE t.id = @token`,
    );
    this.removeStmt = db.prepare(
      'DELETE FROM token_list WHERE member_id = @id AND created_at = @at AND token_id = @token',
    );
    this.insertStmt = db.prepare(
      'INSERT INTO token_list (member_id, created_at, token_id, meta) VALUES (@id, @at, @token, @meta)',
    );
    this.countStmt = db.prepare(
      `UPDATE members AS m SET token_count = m.token_count + @delta, next_expiry = ${NEXT_EXPIRY_SQL} WHERE m.id = @id`,
    );
    this.refreshStmt = db.prepare(REFRESH_SUMMARY_SQL);
    this.clearStmt = db.prepare(CLEAR_TOKEN_LIST_SQL);
    this.fillStmt = db.prepare(FILL_TOKEN_LIST_SQL);
  }

  /** Brings the summary of `memberId` up to date for the tokens one write changed or created. */
  apply(memberId: string, tokenIds: readonly string[], now: string): boolean {
    if (this.freshStmt.get({ id: memberId, now }) === undefined) return false;
    let delta = 0;
    for (const token of tokenIds) {
      const row = this.tokenStmt.get({ token, now });
      if (!row) continue;
      const key = { id: memberId, at: row.created_at, token };
      // While the summary is fresh, a token has a row exactly when the lists showed it.
      delta -= this.removeStmt.run(key).changes;
      if (row.meta !== null) {
        this.insertStmt.run({ ...key, meta: row.meta });
        delta += 1;
      }
    }
    this.countStmt.run({ id: memberId, delta, now });
    return true;
  }

  /** Recomputes the whole summary of `memberId` from its tokens, roles and groups. */
  recompute(memberId: string, now: string): void {
    this.refreshStmt.run({ id: memberId, now });
    this.clearStmt.run({ id: memberId });
    this.fillStmt.run({ id: memberId, now });
  }
}
