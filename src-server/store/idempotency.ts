import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
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
  private readonly clock: Clock;
  private readonly findStmt: Statement<[string, string, string], Row>;
  private readonly insertStmt: Statement<unknown[]>;
  private readonly purgeStmt: Statement<[string]>;

  constructor(db: Db, clock: Clock) {
    this.clock = clock;
    this.findStmt = db.prepare(
      `SELECT method, path, request_hash, status, response, resource_id FROM idempotency_keys
       WHERE member_id = ? AND key = ? AND created_at > ?`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO idempotency_keys (member_id, key, method, path, request_hash, status, response, resource_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.purgeStmt = db.prepare('DELETE FROM idempotency_keys WHERE created_at <= ?');
  }

  private cutoff(): string {
    return isoOf(this.clock() - IDEMPOTENCY_TTL_MS);
  }

  /** The live record for this member's key, or undefined (an expired one counts as absent). */
  find(memberId: string, key: string): IdempotencyRecord | undefined {
    const row = this.findStmt.get(memberId, key, this.cutoff());
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
  remember(memberId: string, key: string, record: IdempotencyRecord): void {
    this.purgeExpired();
    this.insertStmt.run(
      memberId,
      key,
      record.method,
      record.path,
      record.requestHash,
      record.status,
      record.response,
      record.resourceId,
      isoOf(this.clock()),
    );
  }

  purgeExpired(): number {
    return this.purgeStmt.run(this.cutoff()).changes;
  }
}
