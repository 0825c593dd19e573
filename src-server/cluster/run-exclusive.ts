import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Sql } from '../db/sql.js';
import { isoOf, type Clock } from '../store/time.js';

/** Names this process in job_runs, so a run can be traced to the instance that made it. */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** How long job_runs keeps a job's records. */
const RUN_HISTORY_MS = 7 * 24 * 60 * 60 * 1000;

export interface ExclusiveOptions {
  now: Clock;
  /** Skip when any instance started this job less than this long ago: once per interval cluster-wide. */
  minGapMs?: number;
  /** How long to wait for row locks the job needs before giving up this round (default 50 ms). */
  waitMs?: number;
  instanceId?: string;
}

/**
 * Runs a background job (the request-log pruner, later auto-suspend) on one instance at a time, and at
 * most once per `minGapMs` across the cluster; resolves whether it ran.
 *
 * PostgreSQL: one READ COMMITTED transaction (tryTransaction) takes the transaction-level advisory lock
 * named by the job (pg_try_advisory_xact_lock(hashtext(job))): an instance that does not get it skips
 * the round instead of queueing. Holding it, the instance reads the job's last start in job_runs, runs
 * the job and records its run, all in that transaction: a crash rolls the record back with the work,
 * and the lock goes with the transaction, so no lease can outlive its holder.
 *
 * SQLite: one process owns the file, so the job just runs, in its own transaction as before (which
 * skips the round if the database stays busy).
 */
export async function runExclusive(
  sql: Sql,
  job: string,
  fn: () => Promise<void>,
  options: ExclusiveOptions,
): Promise<boolean> {
  let ran = false;
  const done = await sql.tryTransaction(async () => {
    if (sql.dialect === 'sqlite') {
      await fn();
      ran = true;
      return;
    }
    if (!(await sql.value<boolean>('SELECT pg_try_advisory_xact_lock(hashtext(?))', [job]))) return;
    const started = options.now();
    if (options.minGapMs !== undefined) {
      const last = await sql.value<string | null>('SELECT max(started_at) FROM job_runs WHERE job = ?', [job]);
      if (last && started - Date.parse(last) < options.minGapMs) return;
    }
    await fn();
    await sql.run('DELETE FROM job_runs WHERE job = ? AND started_at < ?', [job, isoOf(started - RUN_HISTORY_MS)]);
    await sql.run('INSERT INTO job_runs (job, instance_id, started_at, finished_at) VALUES (?, ?, ?, ?)', [
      job,
      options.instanceId ?? INSTANCE_ID,
      isoOf(started),
      isoOf(options.now()),
    ]);
    ran = true;
  }, options.waitMs ?? 50);
  return done && ran;
}
