import type { Sql } from '../db/sql.js';
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
  private readonly sql: Sql;
  private readonly clock: Clock;
  readonly retention: LogRetention;

  constructor(sql: Sql, clock: Clock, retention: LogRetention) {
    this.sql = sql;
    this.clock = clock;
    this.retention = retention;
  }

  /** Prunes the given accounts (those just written to), or every account with a log. Returns rows deleted. */
  async prune(memberIds?: Iterable<string>): Promise<number> {
    const cutoff = isoOf(this.clock() - this.retention.days * DAY_MS);
    let deleted = 0;
    for (const member of memberIds ?? (await this.sql.column<string>('SELECT DISTINCT member_id FROM request_logs'))) {
      deleted += (await this.sql.run('DELETE FROM request_logs WHERE member_id = ? AND at < ?', [member, cutoff]))
        .changes;
      const nth = await this.sql.get<{ at: string; id: number }>(
        'SELECT at, id FROM request_logs WHERE member_id = ? ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?',
        [member, this.retention.countPerAccount],
      );
      if (nth) {
        deleted += (
          await this.sql.run('DELETE FROM request_logs WHERE member_id = ? AND (at < ? OR (at = ? AND id <= ?))', [
            member,
            nth.at,
            nth.at,
            nth.id,
          ])
        ).changes;
      }
    }
    return deleted;
  }
}
