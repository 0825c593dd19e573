import type { Sql } from '../db/sql.js';
import { HttpError } from '../http/errors.js';

/** How long readyz waits for its query: a load balancer's probe must not hang on a stuck pool. */
export const READY_TIMEOUT_MS = 2_000;
/** What a 503 from readyz tells the prober to wait before asking again. */
export const NOT_READY_RETRY_AFTER_S = 5;

/**
 * Resolves when `SELECT 1` answers within `timeoutMs`, else throws 503 not_ready. The query that timed
 * out is left to finish or fail on its own (neither driver can cancel it); its result is ignored.
 */
export async function checkReady(sql: Sql, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  let outcome: 'ok' | 'timeout' | 'failed';
  try {
    outcome = await Promise.race([sql.value('SELECT 1').then(() => 'ok' as const), timedOut]);
  } catch {
    outcome = 'failed';
  } finally {
    clearTimeout(timer);
  }
  if (outcome === 'ok') return;
  throw new HttpError(
    503,
    'not_ready',
    outcome === 'timeout'
      ? `This server's database did not answer within ${timeoutMs / 1000} seconds.`
      : 'This server cannot reach its database.',
    undefined,
    { 'Retry-After': String(NOT_READY_RETRY_AFTER_S) },
  );
}
