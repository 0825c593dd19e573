import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { shot } from './screens.js';

const NO_KEYCHAIN = 'No system keychain: the token and cached data are kept in memory only and are gone when you quit.';
const SIZES = [
  { width: 960, height: 600 },
  { width: 1200, height: 780 },
];

/** The same screen at the smallest window and the default one. */
async function shots(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await shot(page, `${name}-${size.width}x${size.height}`);
  }
}

test('without a secure keychain the app says so, keeps the token and cache in memory, and forgets them on quit', async ({
  server,
  openApp,
  workDir,
}) => {
  const app = await openApp({ keychain: { posesAsBasicText: true } });
  const { page } = app;
  await expect(page.getByRole('note')).toContainText(NO_KEYCHAIN);
  await expect(page.getByText('keeps a copy in memory', { exact: false })).toBeVisible();
  await shots(page, 'no-keychain-connections-empty');

  await page.getByRole('button', { name: 'Add connection' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await expect(dialog.getByRole('note')).toContainText(NO_KEYCHAIN);
  await expect(dialog.getByRole('checkbox')).toHaveCount(0);
  await shots(page, 'no-keychain-connection-dialog');
  await dialog.getByLabel('Name').fill('Local test server');
  await dialog.getByLabel('Server URL').fill(server.url);
  await dialog.getByLabel('Admin token').fill(server.adminToken);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'service accounts' })).toHaveText(/Showing 120 of 120/);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Connections' }).click();
  await expect(page.getByRole('table', { name: 'Connections' })).toContainText('Memory only');
  await shots(page, 'no-keychain-connections-list');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const storage = page.getByRole('region', { name: 'Data on this computer' });
  await expect(storage).toContainText(NO_KEYCHAIN);
  await shots(page, 'no-keychain-settings');

  // Nothing of it reached the disk: no data-key file, no cache file.
  const appDir = join(workDir, 'app');
  expect(existsSync(join(appDir, 'data-key.json'))).toBe(false);
  expect(existsSync(join(appDir, 'cache')) ? readdirSync(join(appDir, 'cache')) : []).toEqual([]);

  // A restart has neither the token nor the data.
  await app.close();
  const again = await openApp({ keychain: { posesAsBasicText: true } });
  await again.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Connections' }).click();
  await expect(again.page.getByRole('table', { name: 'Connections' })).toContainText('Missing');
});

test('a new server address asks for the token again before anything is sent there', async ({ server, openApp }) => {
  const app = await openApp();
  const { page } = app;
  await page.getByRole('button', { name: 'Add connection' }).first().click();
  const add = page.getByRole('dialog', { name: 'Add connection' });
  await add.getByLabel('Name').fill('Local test server');
  await add.getByLabel('Server URL').fill(server.url);
  await add.getByLabel('Admin token').fill(server.adminToken);
  await add.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'service accounts' })).toHaveText(/Showing 120 of 120/);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Edit Local test server' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit connection' });
  await edit.getByLabel('Server URL').fill('https://tokens.elsewhere.example');
  await expect(edit.getByText('Required: the server address changed', { exact: false })).toBeVisible();
  await shots(page, 'connection-dialog-new-address');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByText('Enter the admin token for the new address.')).toBeVisible();
  await shots(page, 'connection-dialog-new-address-error');
  // Still the saved connection, at its saved address.
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('table', { name: 'Connections' })).toContainText(server.url);
  await expect(page.getByRole('note')).toHaveCount(0);

  // With a keychain, Settings names it and the stand-in's data is kept between sessions.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('region', { name: 'Data on this computer' })).toContainText(
    'encrypted with the system keychain (node_file)',
  );
  await shots(page, 'keychain-settings');
});
