import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFlags, runCli, UsageError } from './cli-args.js';
import { DATABASE_FILE } from './db/open.js';
import { migrateToPostgres } from './migrate/migrate.js';
import { targetUrl, withoutPassword } from './migrate/target-url.js';

const USAGE = `Usage: npm run server:migrate-to-postgres -- --data DIR --database-url postgres://USER@HOST:PORT/DB

Copies a TokenDesk server's SQLite database into an empty PostgreSQL database, then compares every
table's row count and SHA-256 digest on both sides. All or nothing: one transaction, rolled back if
anything differs.

  --data DIR            the server's data folder (it holds ${DATABASE_FILE})
  --database-url URL    the target, postgres:// or postgresql:// (default: $DATABASE_URL)
  --help                show this help

Stop the server first. A server still running is not disturbed: the copy is a snapshot of the moment it
starts (taken with VACUUM INTO into a private folder under $TMPDIR, deleted afterwards), and anything the
server writes later is not copied. The target gets PostgreSQL's migrations; it is refused if any table
already holds rows. Exit status: 0 copied and verified, 1 refused or not equal, 2 bad command line.
`;

await runCli('tokendesk-migrate', async () => {
  const flags = parseFlags(process.argv.slice(2), {
    data: { type: 'string' },
    'database-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (flags.data === undefined || flags.data.trim() === '') throw new UsageError('--data DIR is required.');
  const sqliteFile = join(resolve(flags.data), DATABASE_FILE);
  if (!existsSync(sqliteFile)) {
    throw new UsageError(`${resolve(flags.data)} has no ${DATABASE_FILE}: --data must be the server's data folder.`);
  }
  const databaseUrl = targetUrl(flags['database-url'], process.env);
  try {
    await migrateToPostgres({ sqliteFile, databaseUrl, out: (line) => process.stdout.write(`${line}\n`) });
  } catch (error) {
    // A driver's message could quote the address it was given: never print its password.
    throw new Error(withoutPassword(error instanceof Error ? error.message : String(error), databaseUrl));
  }
});
