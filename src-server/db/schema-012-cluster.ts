/**
 * Several server instances on one database (PostgreSQL) share two things through it:
 *
 * - `rate_buckets`: one token bucket per rate-limit key (a token's lineage, or `refused:` + lineage),
 *   so a token's max RPS holds across instances (cluster/pg-rate-store.ts). SQLite serves one process,
 *   which keeps its buckets in memory; the table exists here only so both schemas have the same tables.
 * - `job_runs`: one row per run of a background job (the request-log pruner, …), written by the instance
 *   that ran it while holding the job's lock (cluster/run-exclusive.ts), so "once per interval across
 *   the cluster" can be checked and counted.
 */
export const CLUSTER_SCHEMA = `
CREATE TABLE rate_buckets (
  key TEXT PRIMARY KEY,
  cap REAL NOT NULL,
  tokens REAL NOT NULL,
  at_ms INTEGER NOT NULL,
  allowed INTEGER NOT NULL
) STRICT;

CREATE TABLE job_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT
) STRICT;
CREATE INDEX job_runs_by_job ON job_runs (job, started_at);
`;
