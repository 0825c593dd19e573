/**
 * The real desktop app: the built main process (dist/main/main.cjs) in Electron's own binary, its
 * preload and renderer, against a real TokenDesk server. Playwright's `_electron` starts it; the
 * clipboard is read back in the main process through Electron's own `clipboard`.
 *
 * Runs only where Electron's binary is installed (test/electron/run.ts says so in one line when it
 * is not). `electron.launch` without `executablePath` takes the binary from `require('electron')`,
 * which would download it: the skip below keeps that from ever starting here.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { ADMINS_GROUP } from '../../src-server/bootstrap.js';
import { seedDemo } from '../../src-server/demo.js';
import { startServer, type RunningServer } from '../../src-server/server.js';
import { openStore } from '../../src-server/store/store.js';
import { shot } from '../e2e/screens.js';
import { electronSuite } from './availability.js';

const APP_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const suite = electronSuite();
const SAME_GROUP_REFUSAL = 'You must be in the same group as this service account to change or delete it';

// Skipped only where Electron's binary is not installed (npm test never downloads it; this machine and CI
// cannot), with that reason; availability.test.ts checks that an installed binary always runs the suite.
test.skip(!suite.run, suite.run ? '' : suite.reason);

let workDir: string;
let server: RunningServer;
let adminToken: string;

/** Two accounts of our own beside the demo set: one to make a token for, one another admin takes away. */
const TOKENS_ACCOUNT = 'electron_tokens';
const REFUSED_ACCOUNT = 'electron_refused';

test.beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'tokendesk-electron-'));
  const dataDir = join(workDir, 'server');
  adminToken = (await seedDemo(dataDir, { accounts: 20, tokensPerAccount: 2 })).adminToken!;
  const store = await openStore(dataDir);
  try {
    const domain = (await store.domains.byName('default'))!;
    const admins = (await store.groups.byName(domain.id, ADMINS_GROUP))!;
    for (const name of [TOKENS_ACCOUNT, REFUSED_ACCOUNT]) {
      await store.members.create({
        domainId: domain.id,
        type: 'SERVICE_ACCOUNT',
        name,
        roles: ['Viewer'],
        groupIds: [admins.id],
        by: 'admin',
      });
    }
  } finally {
    await store.close();
  }
  server = await startServer({ dataDir, host: '127.0.0.1', port: 0, log: false });
});

test.afterAll(async () => {
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/**
 * Starts the built app with a home folder of its own, so its userData (appData/TokenDesk) is this
 * test's. `--password-store=basic`: the same keychain on every Linux machine, none of the user's.
 */
async function launch(): Promise<{ app: ElectronApplication; page: Page }> {
  const home = join(workDir, 'home');
  mkdirSync(home, { recursive: true });
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      !['VITE_DEV_SERVER_URL', 'ELECTRON_RUN_AS_NODE', 'TOKENDESK_DEV_CONNECTION'].includes(key)
    )
      env[key] = value;
  }
  Object.assign(env, { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), APPDATA: join(home, 'AppData') });
  const app = await electron.launch({ args: [APP_ROOT, '--password-store=basic'], cwd: APP_ROOT, env });
  const page = await app.firstWindow();
  return { app, page };
}

/** What a paste would give now: Electron's clipboard, read in the main process. */
function clipboardText(app: ElectronApplication): Promise<string> {
  return app.evaluate(({ clipboard }) => clipboard.readText());
}

/**
 * On quit, after the app's own cleanup (before-quit) and before the process ends, records whether the
 * clipboard still holds `secret` — only a word, never the text — in `file`, for the test to read once
 * the app is gone.
 */
async function recordClipboardOnQuit(app: ElectronApplication, file: string, secret: string): Promise<void> {
  await app.evaluate(
    ({ app: electronApp, clipboard }, { file, secret }) => {
      electronApp.once('will-quit', (event) => {
        event.preventDefault();
        void clipboard.readText().then((text) => {
          const fs = (
            process as unknown as { getBuiltinModule(id: string): typeof import('node:fs') }
          ).getBuiltinModule('node:fs');
          fs.writeFileSync(file, text === '' ? 'empty' : text === secret ? 'still the secret' : 'something else');
          electronApp.exit(0);
        });
      });
    },
    { file, secret },
  );
}

async function openAccount(page: Page, name: string): Promise<void> {
  await page.getByLabel('Search service accounts').fill(name);
  await page.getByRole('grid', { name: 'Service accounts' }).locator(`[aria-label="${name}"]`).click();
}

test('the real app: add a connection, the list, a refusal, create → reveal → copy, and quit clears the clipboard', async () => {
  const { app, page } = await launch();
  await expect(page.getByRole('button', { name: 'Add connection' }).first()).toBeVisible();
  await shot(page, 'electron-first-start');

  // Add a connection through the dialog.
  await page.getByRole('button', { name: 'Add connection' }).first().click();
  const add = page.getByRole('dialog', { name: 'Add connection' });
  await add.getByLabel('Name').fill('Local test server');
  await add.getByLabel('Server URL').fill(server.url);
  await add.getByLabel('Admin token').fill(adminToken);
  await add.getByRole('button', { name: 'Save' }).click();

  // The list: every account of the server, and the connection in Connections.
  await expect(page.getByRole('status').filter({ hasText: 'service accounts' })).toHaveText(/Showing 22 of 22/);
  await shot(page, 'electron-accounts');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Connections' }).click();
  await expect(page.getByRole('table', { name: 'Connections' })).toContainText('Local test server');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Service accounts' }).click();

  // A refused action: another admin moves an account out of our groups; the toggle is refused in the
  // server's words and rolled back.
  const store = await openStore(join(workDir, 'server'));
  try {
    const domain = (await store.domains.byName('default'))!;
    const refused = (await store.members.byName(domain.id, REFUSED_ACCOUNT))!;
    await store.members.updateServiceAccount(
      refused.id,
      { groupIds: [(await store.groups.byName(domain.id, 'platform'))!.id] },
      'someone_else',
    );
  } finally {
    await store.close();
  }
  await page.getByLabel('Search service accounts').fill(REFUSED_ACCOUNT);
  const row = page.getByRole('grid', { name: 'Service accounts' }).locator(`[aria-label="${REFUSED_ACCOUNT}"]`);
  await row.getByRole('switch', { name: `${REFUSED_ACCOUNT} enabled` }).click();
  await expect(page.getByRole('alert').filter({ hasText: `Could not disable ${REFUSED_ACCOUNT}` })).toContainText(
    SAME_GROUP_REFUSAL,
  );
  await expect(row.getByRole('switch', { name: `${REFUSED_ACCOUNT} enabled` })).toHaveAttribute('aria-checked', 'true');
  await shot(page, 'electron-refused');

  // Create a token, reveal it once, copy it: the system clipboard holds it.
  await openAccount(page, TOKENS_ACCOUNT);
  await page.getByRole('tab', { name: 'Tokens' }).click();
  await page.getByRole('button', { name: 'Generate new token' }).click();
  const create = page.getByRole('dialog', { name: 'Generate new token' });
  await create.getByLabel('Name').fill('electron-token');
  await create.getByRole('button', { name: 'Generate', exact: true }).click();
  const reveal = page.getByRole('dialog', { name: 'Copy your new token' });
  const secret = (await reveal.getByTestId('revealed-secret').textContent())!.trim();
  expect(secret).toMatch(/^tdk_sa_[0-9A-Za-z]{36}$/);
  await shot(page, 'electron-reveal', [reveal.getByTestId('revealed-secret')]);
  await reveal.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByText('Copied · Clipboard clears in', { exact: false })).toBeVisible();
  expect(await clipboardText(app)).toBe(secret);

  // Quit while it is still there (the clear is 30 s away): quitting takes it off the clipboard.
  const record = join(workDir, 'clipboard-on-quit.txt');
  await recordClipboardOnQuit(app, record, secret);
  await app.close();
  expect(readFileSync(record, 'utf8')).toBe('empty');
});
