import { DAY_MS } from '../../src-shared/token-policy.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import type { TokenRow } from '../store/tokens.js';
import { recordTokenEvent, type Actor } from './token-events.js';

/** Who the audit trail says suspended a token for disuse. */
export const POLICY_ACTOR: Actor = { id: null, name: 'policy' };

/**
 * At most this many tokens are suspended per domain in one run, so a run (one short write transaction)
 * never holds the database long enough to stall requests; the next run carries on.
 */
export const AUTO_SUSPEND_BATCH = 200;

/**
 * Active tokens idle for longer than the cutoff: never used since they were made, or last used (or last
 * made active again) before it.
 */
const IDLE_SQL = `SELECT t.* FROM tokens t JOIN members m ON m.id = t.member_id
  WHERE m.domain_id = ? AND t.status = 'ACTIVE' AND t.deleted_at IS NULL AND t.leaked_at IS NULL
    AND t.replaced_by IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)
    AND coalesce(t.last_used_at, t.created_at) < ? AND (t.reactivated_at IS NULL OR t.reactivated_at < ?)
  ORDER BY t.created_at, t.id LIMIT ?`;

/**
 * The policy's auto-suspend, for every domain that turns it on: suspends tokens unused for its number of
 * days, audits each with actor `policy`, and records what the run did (GET …/token-policy shows it).
 * Runs in the background (server.ts), on one instance at a time. Resolves how many it suspended.
 */
export async function autoSuspend(store: Store): Promise<number> {
  let total = 0;
  for (const { domainId, days } of await store.policies.autoSuspending()) {
    const now = store.now();
    const cutoff = isoOf(now - days * DAY_MS);
    const idle = await store.sql.all<TokenRow>(IDLE_SQL, [domainId, isoOf(now), cutoff, cutoff, AUTO_SUSPEND_BATCH]);
    let suspended = 0;
    for (const token of idle) {
      if (!(await store.tokens.update(token.id, { status: 'SUSPENDED' }))) continue;
      await recordTokenEvent(store, { before: token, verb: 'auto_suspend', actor: POLICY_ACTOR, clientAddress: null });
      suspended += 1;
    }
    await store.policies.recordAutoSuspend(domainId, suspended);
    total += suspended;
  }
  return total;
}
