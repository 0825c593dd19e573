import type { Sql } from '../db/sql.js';
import { isoOf, type Clock } from './time.js';

/** A key is remembered this long; a later request with it is a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export interface IdempotencyRecord {
  method: string;
  path: string;
  requestHash: string;
  status: number;
  /** JSON of what the first request made, never a secret (the token's metadata). */
  response: string;
  resourceId: string | null;
}

interface Row {
  method: string;
  path: string;
  request_hash: string;
  status: number;
  response: string;
  resource_id: string | null;
}

/**
 * Idempotency keys of token-creating requests, per member. Call `find` and `remember` inside the
 * request's own write transaction, so a key and the token it made are committed together.
 */
export class IdempotencyKeys {
  private readonly sql: Sql;
  private readonly clock: Clock;

  constructor(sql: Sql, clock: Clock) {
    this.sql = sql;
    this.clock = clock;
  }

  private cutoff(): string {
    return isoOf(this.clock() - IDEMPOTENCY_TTL_MS);
  }

  /** The live record for this member's key, or undefined (an expired one counts as absent). */
  async find(memberId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await this.sql.get<Row>(
      `SELECT method, path, request_hash, status, response, resource_id FROM idempotency_keys
       WHERE member_id = ? AND key = ? AND created_at > ?`,
      [memberId, key, this.cutoff()],
    );
    return (
      row && {
        method: row.method,
        path: row.path,
        requestHash: row.request_hash,
        status: row.status,
        response: row.response,
        resourceId: row.resource_id,
      }
    );
  }

  /** Stores a key; expired keys are dropped first (indexed by time, so this stays cheap). */
  async remember(memberId: string, key: string, record: IdempotencyRecord): Promise<void> {
    await this.purgeExpired();
    await this.sql.run(
      `INSERT INTO idempotency_keys (member_id, key, method, path, request_hash, status, response, resource_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        memberId,
        key,
        record.method,
        record.path,
        record.requestHash,
        record.status,
        record.response,
        record.resourceId,
        isoOf(this.clock()),
      ],
    );
  }

  async purgeExpired(): Promise<number> {
    return (await this.sql.run('DELETE FROM idempotency_keys WHERE created_at <= ?', [this.cutoff()])).changes;
  }
}
