import { defineConfig } from 'vitest/config';

/** One test run, one project per runtime: Node for shared/server/main/integration, happy-dom for React. */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
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
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One fast-check seed per commit, printed at the start and with a failure (test/setup).
          globalSetup: ['test/setup/property-seed.global.ts'],
          setupFiles: ['test/setup/fast-check.setup.ts'],
          // Every server a test starts checks every answer against its schema, list pages included
          // (app.ts CHECK_ALL_RESPONSES_ENV), whether or not the test remembers to ask.
          env: { TOKENDESK_CHECK_ALL_RESPONSES: '1' },
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
