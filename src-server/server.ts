import { buildApp } from './app.js';
import type { ConnectionLimits } from './http/connection-limits.js';
import type { ErrorLog } from './http/server-error-log.js';
import type { TlsFiles } from './http/tls.js';
import { bootstrapIfEmpty } from './bootstrap.js';
import { createRateStore } from './cluster/create-rate-store.js';
import { PostgresRateStore } from './cluster/pg-rate-store.js';
import { runExclusive } from './cluster/run-exclusive.js';
import type { DatabaseLocation } from './db/open.js';
import { autoSuspend } from './policy/auto-suspend.js';
import { DEFAULT_LOG_RETENTION } from './store/log-retention.js';
import { openStore } from './store/store.js';
import type { Clock } from './store/time.js';

/**
 * Where the data lives: `dataDir` (a folder holding the SQLite file) or `database` (either kind,
 * `{ databaseUrl }` for PostgreSQL).
 */
export type StartServerOptions = ServerSettings & ({ dataDir: string } | { database: DatabaseLocation });

export interface ServerSettings {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  log?: boolean;
  /** Where the log goes when `log` is on (default stdout). */
  logStream?: NodeJS.WritableStream;
  /** Where every 5xx is reported, `--log` or not (default stderr). */
  errorLog?: ErrorLog;
  now?: Clock;
  /** Also check pre-serialised list pages against their schema (default: on under the test runner only). */
  validateAllResponses?: boolean;
  /** Timeouts and the connection cap (defaults: DEFAULT_CONNECTION_LIMITS). */
  limits?: Partial<ConnectionLimits>;
  /** Request logs older than this many days are deleted (default 30). */
  logRetentionDays?: number;
  /** At most this many request-log rows are kept per service account (default 10,000). */
  logRetentionCount?: number;
  /** How often the whole request log is pruned (default every minute). */
  logPruneIntervalMs?: number;
  /** Serve HTTPS with this certificate and key (`--tls-cert`, `--tls-key`). */
  tls?: TlsFiles;
  /** Keep max-RPS buckets in this Redis, shared by every instance (`--redis-url`, REDIS_URL). */
  redisUrl?: string;
  /** Proxies whose X-Forwarded-For counts (`--trust-proxy`). */
  trustProxy?: readonly string[];
}

export interface RunningServer {
  url: string;
  port: number;
  /** The bootstrap admin token when this start created the database; null otherwise. Never printed here. */
  adminToken: string | null;
  /** Writes the queued request-log entries now instead of at the next batch (tests reading the table). */
  flushRequestLog(): Promise<void>;
  /**
   * Stops accepting connections, lets requests in flight finish however long they take (requests
   * arriving meanwhile on open connections get 503), then closes the store.
   */
  close(): Promise<void>;
  /**
   * The same, but requests still running `drainTimeoutMs` after it began are cut (SIGTERM, SIGINT).
   * Resolves to how many were cut.
   */
  shutdown(drainTimeoutMs: number): Promise<number>;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_S = 10;

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;

/** Opens the data folder, bootstraps it if empty, and listens. Used by the CLI, tests and tools. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const store = await openStore('database' in options ? options.database : options.dataDir, {
    ...(options.now ? { now: options.now } : {}),
    logRetention: {
      days: options.logRetentionDays ?? DEFAULT_LOG_RETENTION.days,
      countPerAccount: options.logRetentionCount ?? DEFAULT_LOG_RETENTION.countPerAccount,
    },
  });
  const rateStore = await createRateStore({
    sql: store.sql,
    now: store.now,
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
  }).catch(async (error: unknown) => {
    // A bad Redis URL must not leave the database open behind a failed start.
    await store.close();
    throw error;
  });
  try {
    const adminToken = await bootstrapIfEmpty(store);
    const { app, shutdown } = buildApp({
      rateStore,
      store,
      log: options.log ?? false,
      ...(options.logStream ? { logStream: options.logStream } : {}),
      ...(options.errorLog ? { errorLog: options.errorLog } : {}),
      ...(options.validateAllResponses === undefined ? {} : { validateAllResponses: options.validateAllResponses }),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    });
    await app.listen({ host, port: options.port ?? DEFAULT_PORT });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_PORT);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    // Age pruning needs a clock tick, not a write, so it also runs on a timer, and so does the token
    // policy's auto-suspend; unref'd so it never keeps the process alive. A busy database skips a round rather than stall requests. With several
    // instances on PostgreSQL it runs on one at a time, about once per interval across them all.
    const pruneIntervalMs = options.logPruneIntervalMs ?? 60_000;
    const pruning = setInterval(() => {
      // When a job may run again is wall time, like the timer; what the prune deletes follows the
      // store's clock (a test's clock may stand still between rounds).
      const exclusive = { now: Date.now, minGapMs: pruneIntervalMs * 0.9 };
      const jobs: [string, () => Promise<unknown>][] = [
        ['request-log-retention', () => store.logPruner.prune()],
        ['token-auto-suspend', () => autoSuspend(store)],
        ...(rateStore instanceof PostgresRateStore
          ? [['rate-bucket-sweep', () => rateStore.sweep()] as [string, () => Promise<unknown>]]
          : []),
      ];
      // One after another, each on its own: outside any request, a failing job must not crash the server
      // or keep the others from running; the next round tries it again.
      void jobs.reduce(
        (previous, [job, run]) =>
          previous
            .then(() => runExclusive(store.sql, job, () => run().then(() => undefined), exclusive))
            .catch(() => false),
        Promise.resolve<unknown>(undefined),
      );
    }, pruneIntervalMs);
    pruning.unref();
    let closed = false;
    const stop = async (drainTimeoutMs: number | undefined): Promise<number> => {
      if (closed) return 0;
      closed = true;
      clearInterval(pruning);
      try {
        return await shutdown.close(drainTimeoutMs);
      } finally {
        await rateStore.close();
        await store.close();
      }
    };
    return {
      url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`,
      port,
      adminToken,
      flushRequestLog: () => store.requestLog.flush(),
      close: async () => {
        await stop(undefined);
      },
      shutdown: stop,
    };
  } catch (error) {
    await rateStore.close();
    await store.close();
    throw error;
  }
}
