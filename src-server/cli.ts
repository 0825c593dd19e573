import {
  parseCount,
  parseFlags,
  parsePort,
  parseRedisUrl,
  parseTrustProxy,
  resolveDatabaseLocation,
  runCli,
  UsageError,
} from './cli-args.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DOMAIN } from './bootstrap.js';
import { DATABASE_FILE, describeLocation } from './db/open.js';
import { resetAdmin } from './reset-admin.js';
import { openStore } from './store/store.js';
import { DEFAULT_CONNECTION_LIMITS as LIMITS, type ConnectionLimits } from './http/connection-limits.js';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SHUTDOWN_TIMEOUT_S, startServer } from './server.js';
import { readTlsFiles } from './tls-files.js';

const USAGE = `Usage: npm run server -- [--host HOST] [--port PORT] [--data DIR | --database-url URL] [--log]
         [--log-retention-days N] [--log-retention-count N] [--log-prune-interval S]
         [--headers-timeout S] [--request-timeout S] [--keep-alive-timeout S] [--max-connections N]
         [--shutdown-timeout S] [--tls-cert FILE --tls-key FILE] [--redis-url URL]
         [--trust-proxy LIST]
       npm run server -- reset-admin [--data DIR | --database-url URL] [--domain NAME]

Runs the TokenDesk server.

  --host HOST   address to listen on (default ${DEFAULT_HOST})
  --port PORT   port to listen on, 0 for any free port (default ${DEFAULT_PORT})
  --data DIR    data folder holding the SQLite database
                (default \${XDG_DATA_HOME:-$HOME/.local/share}/tokendesk/server)
  --database-url URL
                use PostgreSQL instead of SQLite: postgres://USER:PASSWORD@HOST:PORT/DATABASE
                (default: env DATABASE_URL when set). Not together with --data. Several servers
                may share one database. The password is never printed.
  --log         log one JSON line per request on stdout: method, route, status, duration, request
                id, client address, caller ids (never headers, tokens or a URL's query)
  --log-retention-days N
                delete request-log rows older than N days (default 30)
  --log-retention-count N
                keep at most N request-log rows per service account (default 10000)
  --log-prune-interval S
                prune the request log every S seconds (default 60); with several servers on one
                database, one of them does it each time
  --headers-timeout S
                answer 408 and close a connection whose request headers take longer than S seconds
                (default ${LIMITS.headersTimeoutMs / 1000})
  --request-timeout S
                the same for a whole request, headers and body (default ${LIMITS.requestTimeoutMs / 1000})
  --keep-alive-timeout S
                close a kept-alive connection idle for S seconds (default ${LIMITS.keepAliveTimeoutMs / 1000})
  --max-connections N
                close connections beyond N open at once (default ${LIMITS.maxConnections})
  --shutdown-timeout S
                on SIGTERM or SIGINT, stop accepting and give requests in flight S seconds to finish
                before their connections are cut (default ${DEFAULT_SHUTDOWN_TIMEOUT_S})
  --tls-cert FILE
                serve HTTPS with this certificate (PEM, the chain after the server's own);
                needs --tls-key
  --tls-key FILE
                the certificate's private key (PEM, unencrypted)
  --redis-url URL
                keep max-RPS buckets in this Redis or Valkey (redis://host:port), shared by every
                instance (default: env REDIS_URL; else the database when it is PostgreSQL, else
                memory). If Redis goes away, each instance limits on its own until it is back.
  --trust-proxy LIST
                believe X-Forwarded-For only from these proxies: comma-separated addresses,
                CIDR ranges, or loopback, linklocal, uniquelocal (default: none; the client
                address is the connection's). It is what rate limits and request logs record.
  --help        show this help

reset-admin issues a new personal token for an Admin member of a domain (default "default") and
prints it once, for when the only Admin token was lost or reported as leaked. It works on the
server's own machine only: it opens the database directly, never over the network.

Every 5xx answer is written to stderr as one JSON line with the errorId the answer carries, with or
without --log.

On the first start with an empty data folder the server creates domain "default", group "admins",
member "admin" and prints one personal token for admin as "Admin token: <token>". It is shown once.
`;

await runCli('tokendesk-server', async () => {
  if (process.argv[2] === 'reset-admin') return resetAdminCommand(process.argv.slice(3));
  const flags = parseFlags(process.argv.slice(2), {
    host: { type: 'string' },
    port: { type: 'string' },
    data: { type: 'string' },
    'database-url': { type: 'string' },
    log: { type: 'boolean' },
    'log-retention-days': { type: 'string' },
    'log-retention-count': { type: 'string' },
    'log-prune-interval': { type: 'string' },
    'headers-timeout': { type: 'string' },
    'request-timeout': { type: 'string' },
    'keep-alive-timeout': { type: 'string' },
    'max-connections': { type: 'string' },
    'shutdown-timeout': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'redis-url': { type: 'string' },
    'trust-proxy': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    process.stdout.write(USAGE);
    return;
  }
  const host = flags.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new UsageError('--host needs an address.');
  const port = flags.port === undefined ? DEFAULT_PORT : parsePort(flags.port);
  const database = resolveDatabaseLocation(flags.data, flags['database-url']);

  const days = flags['log-retention-days'];
  const count = flags['log-retention-count'];
  const pruneInterval = flags['log-prune-interval'];
  const limits: Partial<ConnectionLimits> = {};
  const seconds = (flag: string, text: string | undefined, set: (ms: number) => void) => {
    if (text !== undefined) set(atLeastOne(flag, parseCount(flag, text, 3_600)) * 1000);
  };
  seconds('headers-timeout', flags['headers-timeout'], (ms) => (limits.headersTimeoutMs = ms));
  seconds('request-timeout', flags['request-timeout'], (ms) => (limits.requestTimeoutMs = ms));
  seconds('keep-alive-timeout', flags['keep-alive-timeout'], (ms) => (limits.keepAliveTimeoutMs = ms));
  const maxConnections = flags['max-connections'];
  if (maxConnections !== undefined) {
    limits.maxConnections = atLeastOne('max-connections', parseCount('max-connections', maxConnections, 100_000));
  }
  if ((limits.headersTimeoutMs ?? LIMITS.headersTimeoutMs) > (limits.requestTimeoutMs ?? LIMITS.requestTimeoutMs)) {
    throw new UsageError('--headers-timeout cannot be longer than --request-timeout.');
  }
  const shutdownTimeout = flags['shutdown-timeout'];
  const drainTimeoutMs =
    (shutdownTimeout === undefined
      ? DEFAULT_SHUTDOWN_TIMEOUT_S
      : parseCount('shutdown-timeout', shutdownTimeout, 3_600)) * 1000;
  const tls = readTlsFiles(flags['tls-cert'], flags['tls-key']);
  const redisUrl = parseRedisUrl(flags['redis-url'] ?? process.env.REDIS_URL);
  const trustProxy = parseTrustProxy(flags['trust-proxy']);
  const server = await startServer({
    database,
    host,
    port,
    log: flags.log ?? false,
    ...(days === undefined
      ? {}
      : { logRetentionDays: atLeastOne('log-retention-days', parseCount('log-retention-days', days, 36_500)) }),
    ...(count === undefined
      ? {}
      : { logRetentionCount: atLeastOne('log-retention-count', parseCount('log-retention-count', count, 999_999)) }),
    ...(pruneInterval === undefined
      ? {}
      : {
          logPruneIntervalMs:
            atLeastOne('log-prune-interval', parseCount('log-prune-interval', pruneInterval, 86_400)) * 1000,
        }),
    limits,
    ...(tls ? { tls } : {}),
    ...(redisUrl ? { redisUrl } : {}),
    ...(trustProxy ? { trustProxy } : {}),
  });
  process.stdout.write(`TokenDesk server listening on ${server.url} (data: ${describeLocation(database)})\n`);
  if (server.adminToken) {
    // The one place a secret is ever written: the operator copies it now, like Vault's root token.
    process.stdout.write(`Admin token: ${server.adminToken}\n`);
    process.stdout.write('Store this token in your password manager now: it is not shown again.\n');
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(
      `Received ${signal}, shutting down (waiting up to ${drainTimeoutMs / 1000} s for requests).\n`,
    );
    server.shutdown(drainTimeoutMs).then(
      (cut) => {
        if (cut > 0)
          process.stderr.write(`tokendesk-server: ${cut} request(s) still running at the shutdown timeout were cut.\n`);
        process.stdout.write('Stopped.\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`tokendesk-server: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
});

/** `reset-admin`: a new personal token for an Admin, printed once. */
async function resetAdminCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, {
    data: { type: 'string' },
    'database-url': { type: 'string' },
    domain: { type: 'string' },
    member: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    process.stdout.write(USAGE);
    return;
  }
  const database = resolveDatabaseLocation(flags.data, flags['database-url']);
  // Never a new, empty database: a typo in --data must not bootstrap a second server's worth of data.
  if (typeof database === 'string' && !existsSync(join(database, DATABASE_FILE))) {
    throw new UsageError(`${database} has no ${DATABASE_FILE}: --data must be the server's data folder.`);
  }
  const store = await openStore(database);
  try {
    const reset = await resetAdmin(store, flags.domain ?? DEFAULT_DOMAIN, flags.member);
    process.stdout.write(
      `Issued personal token "${reset.tokenName}" for Admin "${reset.member}" (expires ${reset.expiresAt}).\n`,
    );
    process.stdout.write(`Admin token: ${reset.secret}\n`);
    process.stdout.write('Store this token in your password manager now: it is not shown again.\n');
  } finally {
    await store.close();
  }
}

/** Zero would mean "keep nothing", which is never what an operator means by a retention limit. */
function atLeastOne(flag: string, value: number): number {
  if (value < 1) throw new UsageError(`--${flag} must be at least 1.`);
  return value;
}
