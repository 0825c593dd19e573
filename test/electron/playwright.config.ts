import { defineConfig } from '@playwright/test';

/**
 * The real Electron app (the built dist/main/main.cjs in Electron's own binary) against a real
 * server. Run through test/electron/run.ts, which skips it where the binary is not installed.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/electron-artifacts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? '../../test-results/electron.json' }],
  ],
  use: { trace: 'off', screenshot: 'off' },
});
