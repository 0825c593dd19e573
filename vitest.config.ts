import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

type ProjectConfig = NonNullable<TestProjectInlineConfiguration['test']>;

/** What every Node project shares: timeouts, the fast-check seed, the answer schema check. */
const NODE_SETUP = {
  environment: 'node' as const,
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // One fast-check seed per commit, printed at the start and with a failure (test/setup).
  globalSetup: ['test/setup/property-seed.global.ts'],
  setupFiles: ['test/setup/fast-check.setup.ts'],
  // Every server a test starts checks every answer against its schema, list pages included
  // (app.ts CHECK_ALL_RESPONSES_ENV), whether or not the test remembers to ask.
  env: { TOKENDESK_CHECK_ALL_RESPONSES: '1' },
} satisfies ProjectConfig;

/**
 * The server suite a second time, every test server on a fresh PostgreSQL database
 * (src-server/test-backend.ts). Left out: the files about SQLite itself, and those already on PostgreSQL.
 */
const SERVER_POSTGRES_EXCLUDE = [
  // The SQLite driver (file locks, WAL, busy timeouts).
  'src-server/db/sqlite.test.ts',
  // SQLite's migration runner on a data folder.
  'src-server/db/migrations.test.ts',
  // Each SQLite migration's upgrade of old rows; their PostgreSQL twins are held to them by pg-parity.
  'src-server/db/schema-0*.test.ts',
  // Already PostgreSQL in the node project (driver, migrations, placeholders, parity with SQLite).
  'src-server/db/postgres.test.ts',
  'src-server/db/pg-*.test.ts',
  // Two servers on one SQLite folder sharing Redis; on PostgreSQL, test/integration/multi-instance.test.ts
  // runs three real instances on one database.
  'src-server/cluster/shared-rate-limit.test.ts',
  // SQLite to PostgreSQL copies: a SQLite source by nature, its target already PostgreSQL.
  'src-server/migrate/**',
  // The CLI with --data folders on disk; cli.test.ts also starts the CLI on PostgreSQL itself.
  'src-server/cli.test.ts',
  'src-server/cli-args.test.ts',
  'src-server/graceful-shutdown.test.ts',
  'src-server/tls.test.ts',
  // The built server bundle started with --data.
  'src-server/server-bundle.test.ts',
];

/**
 * Without a cluster the project runs one file that does what testPostgres() does: a loud skip by
 * hand, a failing test under CI=true. `npm test` and CI start a cluster (scripts/pg-throwaway.mjs).
 */
const SERVER_POSTGRES_INCLUDE = process.env.TOKENDESK_TEST_DATABASE_URL
  ? ['src-server/**/*.test.ts']
  : ['test/setup/server-postgres-unavailable.test.ts'];

/**
 * One test run, one project per runtime: Node for shared/server/main/integration, happy-dom for React,
 * and the server suite again on PostgreSQL.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...NODE_SETUP,
          name: 'node',
          include: [
            'src-shared/**/*.test.ts',
            'src-server/**/*.test.ts',
            'src-main/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/lint/**/*.test.ts',
            'test/harness/**/*.test.ts',
            'test/electron/**/*.test.ts',
            'scripts/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          ...NODE_SETUP,
          name: 'server-postgres',
          include: SERVER_POSTGRES_INCLUDE,
          exclude: SERVER_POSTGRES_EXCLUDE,
          env: { ...NODE_SETUP.env, TOKENDESK_TEST_BACKEND: 'postgres' },
        },
      },
      {
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['src-renderer/**/*.test.ts', 'src-renderer/**/*.test.tsx'],
          testTimeout: 15_000,
          // happy-dom's <dialog> opens and closes, no more: Escape's cancel event is added for tests.
          setupFiles: ['src-renderer/test-support/jest-dom.setup.ts', 'src-renderer/test-support/dialog-shim.ts'],
        },
      },
    ],
  },
});
