#!/usr/bin/env node
/**
 * The one test command: type-check, lint, unit tests, builds, the main-bundle smoke run, the
 * electron-builder config check, the e2e suite and the real Electron app's suite (where Electron's
 * binary is installed; elsewhere it says in one line that it is skipped, and counts for nothing). Every step runs even if an earlier one failed, so
 * one run shows everything; the last line is `N passed, N failed` from the runners' own counts
 * (a step without a test runner counts as one check).
 *
 * The PostgreSQL tests need a cluster (TOKENDESK_TEST_DATABASE_URL). When none is given and PostgreSQL
 * is installed, a throwaway one is started for the run and removed at its end (scripts/pg-throwaway.mjs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { postgresAvailable, startThrowaway, stopThrowaway } from './pg-throwaway.mjs';

const REPORTS = 'test-results/reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const steps = [
  { name: 'system packages', cmd: 'node scripts/ensure-chromium.mjs' },
  { name: 'type-check', cmd: 'npm run --silent typecheck' },
  { name: 'lint', cmd: 'npm run --silent lint' },
  {
    name: 'unit tests',
    cmd: `npx vitest run --reporter=default --reporter=json --outputFile.json=${REPORTS}/vitest.json`,
    counts: () => {
      const r = readJson(`${REPORTS}/vitest.json`);
      return r && { passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) };
    },
  },
  {
    // The same suites under Node 24 (Electron 45's Node, the server's primary target); see the script.
    name: 'unit tests (Node 24)',
    cmd: `node scripts/node24/run-suites.mjs --json ${REPORTS}/vitest-node24.json`,
    counts: () => {
      const r = readJson(`${REPORTS}/vitest-node24.json`);
      if (r?.skipped) return { passed: 0, failed: 0, skipped: r.skipped };
      return r && { passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) };
    },
  },
  { name: 'build', cmd: 'npm run --silent build && npm run --silent build:server' },
  {
    name: 'main smoke',
    cmd: `node --import tsx test/smoke/main-smoke.ts --json ${REPORTS}/smoke.json`,
    counts: () => readJson(`${REPORTS}/smoke.json`),
  },
  { name: 'electron-builder config', cmd: 'node scripts/validate-builder.mjs' },
  {
    name: 'e2e',
    cmd: 'npx playwright test -c test/e2e/playwright.config.ts',
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: resolve(`${REPORTS}/e2e.json`) },
    counts: () => {
      const r = readJson(`${REPORTS}/e2e.json`);
      return r && { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected };
    },
  },
  {
    name: 'electron app',
    cmd: `node --import tsx test/electron/run.ts --json ${REPORTS}/electron.json`,
    counts: () => readJson(`${REPORTS}/electron.json`),
  },
];

function readJson(path) {
  try {
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
  } catch {
    return null;
  }
}

/** Starts a throwaway cluster when the tests were given none; returns its folder, to remove at the end. */
async function ensurePostgres() {
  if (process.env.TOKENDESK_TEST_DATABASE_URL) return null;
  if (!postgresAvailable()) {
    console.log('PostgreSQL (initdb, pg_ctl) is not installed: the PostgreSQL tests will say they are skipped.');
    return null;
  }
  try {
    const { dir, url } = await startThrowaway();
    process.env.TOKENDESK_TEST_DATABASE_URL = url;
    console.log(`PostgreSQL tests: a throwaway cluster at ${url}`);
    return dir;
  } catch (error) {
    console.log(`PostgreSQL tests: could not start a throwaway cluster (${error.message})`);
    return null;
  }
}

const pgDir = await ensurePostgres();
const removeCluster = () => pgDir && existsSync(pgDir) && stopThrowaway(pgDir);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    removeCluster();
    process.exit(130);
  });
}

let passed = 0;
let failed = 0;
const summary = [];
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.cmd}`);
  const started = Date.now();
  const run = spawnSync(step.cmd, { shell: true, stdio: 'inherit', env: { ...process.env, ...step.env } });
  const ok = run.status === 0;
  const counts = step.counts?.();
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
    // A runner that exits non-zero without a failed test (crash, config error) still fails the run.
    if (!ok && counts.failed === 0) failed += 1;
  } else if (ok) {
    passed += 1;
  } else {
    failed += 1;
  }
  const detail = counts?.skipped
    ? `skipped: ${counts.skipped}`
    : counts
      ? `${counts.passed} passed, ${counts.failed} failed`
      : ok
        ? 'ok'
        : 'FAILED';
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${step.name} (${detail}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

removeCluster();

console.log(`\n${summary.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
