import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
import { isoOf, type Clock } from './time.js';

export interface LogRetention {
  /** Rows older than this many days are deleted. */
  days: number;
  /** At most this many rows are kept per service account (the newest). */
  countPerAccount: number;
}

export const DEFAULT_LOG_RETENTION: LogRetention = { days: 30, countPerAccount: 10_000 };
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps the request log bounded by age and by count per account. Both deletes walk an index: the age
 * cut is a range on `at` per account, the count cut finds the N-th newest row of an account with one
 * OFFSET step on request_logs_by_member and deletes everything older.
 */
export class LogPruner {
  private readonly clock: Clock;
  readonly retention: LogRetention;
  private readonly accountsStmt: Statement<[], string>;
  private readonly byAgeStmt: Statement<[string, string]>;
  private readonly nthStmt: Statement<[string, number], { at: string; id: number }>;
  private readonly byCountStmt: Statement<{ member: string; at: string; id: number }>;

  constructor(db: Db, clock: Clock, retention: LogRetention) {
    this.clock = clock;
    this.retention = retention;
    this.accountsStmt = db.prepare<[], string>('SELECT DISTINCT member_id FROM request_logs').pluck();
    this.byAgeStmt = db.prepare('DELETE FROM request_logs WHERE member_id = ? AND at < ?');
    this.nthStmt = db.prepare(
      'SELECT at, id FROM request_logs WHERE member_id = ? ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?',
    );
    this.byCountStmt = db.prepare(
      `DELETE FROM request_logs WHERE member_id = @member AND (at < @at OR (at = @at AND id <= @id))`,
    );
  }

  /** Prunes the given accounts (those just written to), or every account with a log. Returns rows deleted. */
  prune(memberIds?: Iterable<string>): number {
    const cutoff = isoOf(this.clock() - this.retention.days * DAY_MS);
    let deleted = 0;
    for (const member of memberIds ?? this.accountsStmt.all()) {
      deleted += this.byAgeStmt.run(member, cutoff).changes;
      const nth = this.nthStmt.get(member, this.retention.countPerAccount);
      if (nth) deleted += this.byCountStmt.run({ member, at: nth.at, id: nth.id }).changes;
    }
    return deleted;
  }
}
