/**
 * PostgreSQL for tests: a fresh database per test file on the cluster named by
 * TOKENDESK_TEST_DATABASE_URL (scripts/pg-throwaway.mjs starts one; `npm test` and CI do it
 * themselves), dropped when the file is done.
 *
 * Without that variable the PostgreSQL tests cannot run. By hand they are skipped, with one loud
 * message per run (not one per file); in CI (`CI=true`) they are skipped too but each file adds one
 * failing test that says why, so a CI that lost its cluster cannot pass by skipping them.
 *
 *   const pg = testPostgres();
 *   describe.skipIf(pg.skip)('…', () => { it('…', async () => { const sql = await pg.open(); … }); });
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { runPostgresMigrations } from './pg-migrations.js';
import { createTestDatabase, TEST_DATABASE_URL_ENV } from '../test-backend.js';
import { PostgresSql } from './postgres.js';

export { TEST_DATABASE_URL_ENV };

export interface TestPostgres {
  /** True when the tests must be skipped (no cluster, not in CI). */
  readonly skip: boolean;
  /** The URL of this file's own database (after beforeAll). */
  url(): string;
  /** A new driver on this file's database, closed after the file; `migrated` runs the migrations first. */
  open(options?: { migrated?: boolean; maxConnections?: number }): Promise<PostgresSql>;
}

export function testPostgres(): TestPostgres {
  const clusterUrl = process.env[TEST_DATABASE_URL_ENV];
  if (!clusterUrl) {
    if (process.env.CI === 'true') {
      // One failed test per file, counted as such, in place of the tests that cannot run.
      it('has a PostgreSQL cluster to run against', () => {
        throw new Error(
          `${TEST_DATABASE_URL_ENV} is not set, and CI=true: CI must run the PostgreSQL tests ` +
            '(.ci/run starts a cluster with scripts/pg-throwaway.mjs)',
        );
      });
    } else {
      announceSkipOnce();
    }
    return {
      skip: true,
      url: () => {
        throw new Error(`${TEST_DATABASE_URL_ENV} is not set`);
      },
      open: () => Promise.reject(new Error(`${TEST_DATABASE_URL_ENV} is not set`)),
    };
  }

  let database: { url: string; remove: () => Promise<void> } | undefined;
  const opened: PostgresSql[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(clusterUrl, 'file');
  });

  afterAll(async () => {
    await Promise.all(opened.map((sql) => sql.close()));
    await database?.remove();
  });

  const url = (): string => {
    if (!database) throw new Error('testPostgres(): the database is made in beforeAll');
    return database.url;
  };
  return {
    skip: false,
    url,
    async open(options = {}) {
      const sql = new PostgresSql({ url: url(), maxConnections: options.maxConnections });
      opened.push(sql);
      if (options.migrated) await runPostgresMigrations(sql);
      return sql;
    },
  };
}

/**
 * Vitest runs each file in its own worker process, all children of one runner: a marker file named
 * after that parent lets the first file of a run print the message and the others stay quiet.
 */
function announceSkipOnce(): void {
  try {
    writeFileSync(join(tmpdir(), `tokendesk-skip-notice-pg-${process.ppid}`), '', { flag: 'wx' });
  } catch {
    return;
  }
  console.warn(
    [
      '',
      '#'.repeat(100),
      `# PostgreSQL tests SKIPPED: ${TEST_DATABASE_URL_ENV} is not set.`,
      '# Start a throwaway cluster and run them:',
      '#   eval "$(node scripts/pg-throwaway.mjs start)"   (later: node scripts/pg-throwaway.mjs stop)',
      '# `npm test` does this by itself when initdb and pg_ctl are installed; in CI (CI=true) they fail instead.',
      '#'.repeat(100),
      '',
    ].join('\n'),
  );
}
