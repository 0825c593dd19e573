/**
 * Smoke test of the built Electron bundles (run after `npm run build`):
 *
 *   node --import tsx test/smoke/main-smoke.ts [--json <counts.json>]
 *
 * The Electron binary cannot be installed here, so dist/main/main.cjs and dist/main/preload.cjs are
 * loaded in Node with a recording stand-in for the `electron` module. Everything else is real: the
 * bundled core, its encrypted store in a temporary userData folder, the IPC handlers, the preload.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Checks, waitFor } from './checks.js';
import { createFakeElectron } from './fake-electron.js';
import { checkIpc, checkQuit } from './ipc-checks.js';
import { loadBundle } from './load-bundle.js';
import { checkLock } from './lock-checks.js';
import { checkPreload } from './preload-checks.js';
import { checkProtocol } from './protocol-checks.js';
import { checkWindow } from './window-checks.js';

const root = resolve(import.meta.dirname, '../..');
const mainBundle = join(root, 'dist/main/main.cjs');
const preloadBundle = join(root, 'dist/main/preload.cjs');
const jsonFlag = process.argv.indexOf('--json');
const jsonPath = jsonFlag >= 0 ? process.argv[jsonFlag + 1] : undefined;

const checks = new Checks();
const userData = mkdtempSync(join(tmpdir(), 'tokendesk-smoke-'));
// The packaged app must never take its page from the environment.
process.env.VITE_DEV_SERVER_URL = 'http://127.0.0.1:1/';

try {
  await checks.run('bundles are built (npm run build)', () => {
    for (const file of [mainBundle, preloadBundle]) if (!existsSync(file)) throw new Error(`${file} is missing`);
  });

  if (checks.failed === 0) {
    const fake = createFakeElectron({ userData, appPath: root });
    const appUrl = 'app://tokendesk/index.html';
    console.log('main bundle:');
    loadBundle(mainBundle, fake.electron);
    await checks.run('main bundle starts and opens its window', async () => {
      await waitFor(() => fake.windows.length > 0 || fake.calls.some((c) => c.startsWith('exit:')), 'the window');
      // Quitting during start-up (a failure) is not starting.
      if (fake.windows.length === 0)
        throw new Error(`no window; the app exited: ${fake.calls.filter((c) => c.startsWith('exit:')).join(', ')}`);
    });
    if (fake.windows.length > 0) {
      await checkWindow(checks, fake, appUrl);
      await checkProtocol(checks, fake, join(root, 'dist/renderer'));
      await checkIpc(checks, fake, appUrl, userData);
      await checkLock(checks, fake, appUrl);
      await checkQuit(checks, fake);
    }
    console.log('preload bundle:');
    await checkPreload(checks, preloadBundle);
  }
} finally {
  rmSync(userData, { recursive: true, force: true });
}
checks.finish(jsonPath);
