import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

const script = (...args: string[]) =>
  spawnSync(process.execPath, ['scripts/pg-throwaway.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });

const installed =
  spawnSync('sh', ['-c', 'command -v initdb || ls /usr/lib/postgresql/*/bin/initdb'], { stdio: 'ignore' }).status === 0;

// Skipped only by hand on a machine without PostgreSQL (the PostgreSQL tests print why). Under CI=true it
// always runs, so a CI that lost its PostgreSQL install fails here instead of skipping.
describe.skipIf(!installed && process.env.CI !== 'true')('scripts/pg-throwaway.mjs', () => {
  it('starts a cluster on 127.0.0.1 that answers at the printed URL, and stop removes its folder', async () => {
    const started = script('start');
    expect(started.status, started.stderr).toBe(0);
    const url = /TOKENDESK_TEST_DATABASE_URL='([^']+)'/.exec(started.stdout)?.[1];
    const dir = /TOKENDESK_PG_THROWAWAY_DIR='([^']+)'/.exec(started.stdout)?.[1];
    expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(dir && existsSync(dir)).toBe(true);
    try {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ address: string }>('SELECT inet_server_addr()::text AS address');
        expect(rows[0]?.address).toBe('127.0.0.1/32');
      } finally {
        await client.end();
      }
    } finally {
      const stopped = script('stop', dir!);
      expect(stopped.status, stopped.stderr).toBe(0);
    }
    expect(existsSync(dir!)).toBe(false);
  });

  it('refuses to remove a folder it did not make', () => {
    for (const dir of ['/etc', '/tmp/tokendesk-pg-x/../../etc']) {
      const refused = script('stop', dir);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('stop needs the folder that start printed');
    }
    expect(existsSync('/etc')).toBe(true);
  });
});
