/**
 * Runs the Electron app suite (test/electron/*.spec.ts) where Electron's binary is installed, or
 * says in one line that it is skipped; either way it leaves `{ passed, failed, skipped }` for npm test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { electronSuite, skipLine, type ElectronSuite } from './availability.js';

export interface SuiteReport {
  passed: number;
  failed: number;
  /** Set when the suite did not run, with why. */
  skipped?: string;
}

export interface RunSuiteOptions {
  suite?: ElectronSuite;
  /** Runs Playwright on the suite; returns its exit code. Writes its JSON report to `jsonReport`. */
  runPlaywright?: (jsonReport: string) => number;
  /** The built main process the suite launches; dist/main/main.cjs unless given. */
  mainBundle?: string;
  /** Where this run may put Playwright's JSON report. */
  workDir: string;
  log?: (line: string) => void;
}

const CONFIG = 'test/electron/playwright.config.ts';

/** Playwright on the suite; on Linux without a display, inside xvfb-run (Electron needs an X server). */
function runPlaywright(jsonReport: string): number {
  const playwright = ['npx', 'playwright', 'test', '-c', CONFIG];
  const needsX = process.platform === 'linux' && !process.env.DISPLAY;
  const [command, ...args] = needsX ? ['xvfb-run', '-a', ...playwright] : playwright;
  const run = spawnSync(command!, args, {
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: jsonReport },
  });
  return run.status ?? 1;
}

export function runElectronSuite(options: RunSuiteOptions): SuiteReport {
  const log = options.log ?? ((line: string) => console.log(line));
  const suite = options.suite ?? electronSuite();
  if (!suite.run) {
    log(skipLine(suite.reason));
    return { passed: 0, failed: 0, skipped: suite.reason };
  }
  if (!existsSync(options.mainBundle ?? 'dist/main/main.cjs')) {
    log('Electron app tests failed: the app is not built (dist/main/main.cjs is missing; run npm run build).');
    return { passed: 0, failed: 1 };
  }
  const jsonReport = join(options.workDir, 'electron-playwright.json');
  const code = (options.runPlaywright ?? runPlaywright)(jsonReport);
  const stats = existsSync(jsonReport)
    ? (
        JSON.parse(readFileSync(jsonReport, 'utf8')) as {
          stats: { expected: number; flaky: number; unexpected: number };
        }
      ).stats
    : null;
  if (!stats) return { passed: 0, failed: 1 };
  const failed = stats.unexpected + (code !== 0 && stats.unexpected === 0 ? 1 : 0);
  return { passed: stats.expected + stats.flaky, failed };
}
