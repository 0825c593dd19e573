import { parseFlags, parsePort, resolveDataDir, runCli, UsageError } from './cli-args.js';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from './server.js';

const USAGE = `Usage: npm run server -- [--host HOST] [--port PORT] [--data DIR] [--log]

Runs the TokenDesk server.

  --host HOST   address to listen on (default ${DEFAULT_HOST})
  --port PORT   port to listen on, 0 for any free port (default ${DEFAULT_PORT})
  --data DIR    data folder holding the SQLite database
                (default \${XDG_DATA_HOME:-$HOME/.local/share}/tokendesk/server)
  --log         log each request as JSON lines on stdout (never headers or tokens)
  --help        show this help

On the first start with an empty data folder the server creates domain "default", group "admins",
member "admin" and prints one personal token for admin as "Admin token: <token>". It is shown once.
`;

await runCli('tokendesk-server', async () => {
  const flags = parseFlags(process.argv.slice(2), {
    host: { type: 'string' },
    port: { type: 'string' },
    data: { type: 'string' },
    log: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    process.stdout.write(USAGE);
    return;
  }
  const host = flags.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new UsageError('--host needs an address.');
  const port = flags.port === undefined ? DEFAULT_PORT : parsePort(flags.port);
  const dataDir = resolveDataDir(flags.data);

  const server = await startServer({ dataDir, host, port, log: flags.log ?? false });
  process.stdout.write(`TokenDesk server listening on ${server.url} (data: ${dataDir})\n`);
  if (server.adminToken) {
    // The one place a secret is ever written: the operator copies it now, like Vault's root token.
    process.stdout.write(`Admin token: ${server.adminToken}\n`);
    process.stdout.write('Store this token in your password manager now: it is not shown again.\n');
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, shutting down.\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`tokendesk-server: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
});
