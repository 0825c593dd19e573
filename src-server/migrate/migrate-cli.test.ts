import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../cli-test-support.js';
import { testPostgres } from '../db/pg-test-support.js';
import { postgresPoolConfig } from '../db/postgres.js';
import { seedDemo } from '../demo.js';
import { tempDir } from '../test-support.js';

const CLI = 'src-server/migrate-cli.ts';
const PASSWORD = 'Sekr1t-pass-4711';

/** The CLI's exit code and output; DATABASE_URL comes only from `env`. */
async function migrate(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = run(CLI, args, { env: { ...inherited, ...env } });
  const code = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

/** `url` with a password in it (the test cluster trusts every connection, so any password works). */
function withPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = PASSWORD;
  return parsed.toString();
}

const data = tempDir('migrate-cli');
beforeAll(async () => {
  await seedDemo(data.path, { accounts: 12, tokensPerAccount: 2 });
}, 60_000);
afterAll(() => data.remove());

describe('server:migrate-to-postgres command line', () => {
  it.each([
    ['an unknown flag', ['--data', data.path, '--nope'], {}, /Unknown option '--nope'/],
    ['no --data', ['--database-url', 'postgres://u@h/db'], {}, /--data DIR is required\./],
    [
      'a folder without the database',
      ['--data', '/nonexistent/folder', '--database-url', 'postgres://u@h/db'],
      {},
      /\/nonexistent\/folder has no tokendesk\.sqlite/,
    ],
    ['no database URL', ['--data', data.path], {}, /--database-url postgres:\/\/… \(or DATABASE_URL\)/],
    [
      'another scheme',
      ['--data', data.path, '--database-url', `mysql://u:${PASSWORD}@h/db`],
      {},
      /must start with postgres:\/\/ or postgresql:\/\/, not mysql:\/\//,
    ],
    [
      'another scheme in DATABASE_URL',
      ['--data', data.path],
      { DATABASE_URL: `http://u:${PASSWORD}@h/db` },
      /not http:\/\//,
    ],
  ])('refuses %s with one line and exit 2', async (_what, args, env, message) => {
    const result = await migrate(args, env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^tokendesk-migrate: .* Run with --help for usage\.\n$/);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain(PASSWORD);
  });

  it('--help says what it does and exits 0', async () => {
    const result = await migrate(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run server:migrate-to-postgres -- --data DIR --database-url/);
  });
});

const target = testPostgres();
const broken = testPostgres();

// Skipped only without a cluster, by hand; under CI=true testPostgres() fails in its place.
describe.skipIf(target.skip)('server:migrate-to-postgres against PostgreSQL', () => {
  it('copies, prints the table and the verdict, exits 0, and never prints the password', async () => {
    const result = await migrate(['--data', data.path], { DATABASE_URL: withPassword(target.url()) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toContain(`Target: ${withPassword(target.url()).replace(PASSWORD, '***')}`);
    expect(lines).toContainEqual(expect.stringMatching(/^members +\d+ +([0-9a-f]{16}) +\1 +ok$/));
    expect(lines.at(-1)).toMatch(/^Copied \d+ tables, \d+ rows: counts and digests match\.$/);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('refuses the same target again: exit 1, naming a table and its rows', async () => {
    const result = await migrate(['--data', data.path, '--database-url', withPassword(target.url())]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tokendesk-migrate: The target database is not empty: table domains has 1 row\./);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });
});

describe.skipIf(broken.skip)('server:migrate-to-postgres when PostgreSQL keeps other rows than it was given', () => {
  it('exits 1 naming the table, and the target keeps none of the copy', async () => {
    // A rule is not a trigger, so the copy cannot switch it off: PostgreSQL drops every tombstone silently.
    const schema = await broken.open({ migrated: true });
    await schema.exec('CREATE RULE lose_tombstones AS ON INSERT TO sa_tombstones DO INSTEAD NOTHING');
    const dir = tempDir('migrate-cli-tombstones');
    try {
      mkdirSync(dir.path, { recursive: true });
      await seedDemo(dir.path, { accounts: 3, tokensPerAccount: 1 });
      await seedDemo(dir.path, { accounts: 2, tokensPerAccount: 1, force: true }); // the 3 replaced leave tombstones
      const result = await migrate(['--data', dir.path, '--database-url', withPassword(broken.url())]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^sa_tombstones +3≠0 +[0-9a-f]{16} +[0-9a-f]{16} +MISMATCH$/m);
      expect(result.stderr).toBe(
        'tokendesk-migrate: The copy does not match in sa_tombstones; it was rolled back, so the target is as empty as before.\n',
      );
      expect(result.stdout + result.stderr).not.toContain(PASSWORD);
      const client = new pg.Client(postgresPoolConfig(broken.url()));
      await client.connect();
      try {
        expect((await client.query('SELECT count(*)::int AS n FROM members')).rows).toEqual([{ n: 0 }]);
      } finally {
        await client.end();
      }
    } finally {
      dir.remove();
    }
  });
});
