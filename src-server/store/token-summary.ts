import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
import { listedToken, NEXT_EXPIRY_SQL, tokenMetaJson } from './summary-sql.js';

/**
 * Keeps an account's list summary (token_count, next_expiry, tokens_json; see the members table)
 * up to date one token at a time: a new token is appended, a changed one replaced in place, one that
 * left the list removed. next_expiry is the first key of an index range (tokens_by_member), so none
 * of this reads the account's other tokens, and the 2,000th token of an account costs what the first
 * did. `apply` says false when it cannot patch exactly (the summary is stale, or a new token does not
 * sort last), and the caller recomputes the whole summary instead.
 */
export class TokenSummary {
  private readonly freshStmt: Statement<{ id: string; now: string }, number>;
  private readonly metaStmt: Statement<{ token: string; now: string }, string>;
  private readonly positionStmt: Statement<[string, string], number>;
  private readonly sortsBeforeStmt: Statement<[string, string, string, string, string], number>;
  private readonly appendStmt: Statement<{ id: string; meta: string; now: string }>;
  private readonly replaceStmt: Statement<{ id: string; at: string; meta: string; now: string }>;
  private readonly removeStmt: Statement<{ id: string; at: string; now: string }>;

  constructor(db: Db) {
    // Fresh: no token has expired or left the list by time since it was computed (see FRESH in summary-sql).
    this.freshStmt = db
      .prepare<{ id: string; now: string }, number>(
        'SELECT 1 FROM members WHERE id = @id AND (next_expiry IS NULL OR next_expiry > @now)',
      )
      .pluck();
    this.metaStmt = db
      .prepare<{ token: string; now: string }, string>(
        `SELECT ${tokenMetaJson('t')} FROM tokens t WHERE t.id = @token AND ${listedToken('t')}`,
      )
      .pluck();
    this.positionStmt = db
      .prepare<[string, string], number>(
        `SELECT j.key FROM members m, json_each(m.tokens_json) j
         WHERE m.id = ? AND json_extract(j.value, '$.id') = ?`,
      )
      .pluck();
    // Any token of the account that sorts after this one (the list is in created_at, id order).
    this.sortsBeforeStmt = db
      .prepare<[string, string, string, string, string], number>(
        `SELECT 1 FROM tokens WHERE member_id = ? AND id <> ? AND deleted_at IS NULL
           AND (created_at > ? OR (created_at = ? AND id > ?)) LIMIT 1`,
      )
      .pluck();
    const nextExpiry = `next_expiry = ${NEXT_EXPIRY_SQL}`;
    this.appendStmt = db.prepare(
      `UPDATE members AS m SET token_count = m.token_count + 1, ${nextExpiry},
         tokens_json = json_insert(m.tokens_json, '$[#]', json(@meta)) WHERE m.id = @id`,
    );
    this.replaceStmt = db.prepare(
      `UPDATE members AS m SET ${nextExpiry},
         tokens_json = json_replace(m.tokens_json, '$[' || @at || ']', json(@meta)) WHERE m.id = @id`,
    );
    this.removeStmt = db.prepare(
      `UPDATE members AS m SET token_count = m.token_count - 1, ${nextExpiry},
         tokens_json = json_remove(m.tokens_json, '$[' || @at || ']') WHERE m.id = @id`,
    );
  }

  /**
   * Brings the summary of `memberId` up to date for one changed token, or a new one (`added`: it
   * cannot be in the list yet, which spares looking for it).
   */
  apply(memberId: string, tokenId: string, now: string, added = false): boolean {
    if (this.freshStmt.get({ id: memberId, now }) === undefined) return false;
    const meta = this.metaStmt.get({ token: tokenId, now });
    const at = added ? undefined : this.positionStmt.get(memberId, tokenId);
    if (at === undefined) {
      if (meta === undefined) return true; // not listed before, not listed now
      const created = JSON.parse(meta) as { createdAt: string };
      if (this.sortsBeforeStmt.get(memberId, tokenId, created.createdAt, created.createdAt, tokenId) !== undefined) {
        return false;
      }
      this.appendStmt.run({ id: memberId, meta, now });
    } else if (meta === undefined) {
      this.removeStmt.run({ id: memberId, at: String(at), now });
    } else {
      this.replaceStmt.run({ id: memberId, at: String(at), meta, now });
    }
    return true;
  }
}
