import { join } from 'node:path';
import { NodeKeyring } from '../../src-main/services/node-keyring.js';
import { dataKeyOf, findAtRest, readableFiles } from '../../src-main/services/test-support/secrets-at-rest.js';
import { expect, test } from './fixtures.js';
import { shot } from './screens.js';

test('connect, sync, search, open an account, then browse the cache offline', async ({ server, openApp, workDir }) => {
  const app = await openApp();
  const { page } = app;

  // First start: nothing yet.
  await expect(page.getByRole('heading', { name: 'No connections yet' })).toBeVisible();
  await shot(page, 'connections-empty');

  // Add a connection; a bad URL is caught before anything is sent.
  await page.getByRole('button', { name: 'Add connection' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await dialog.getByLabel('Name').fill('Local test server');
  await dialog.getByLabel('Server URL').fill('http://tokens.example.com');
  await dialog.getByLabel('Admin token').fill(server.adminToken);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Plain http is allowed only for this computer', { exact: false })).toBeVisible();
  await shot(page, 'connection-dialog-error');

  await dialog.getByLabel('Server URL').fill(server.url);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByText('Connected as admin (Admin)', { exact: false })).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();

  // The sync fills the list from the server.
  const count = page.getByRole('status').filter({ hasText: 'service accounts' });
  await expect(count).toHaveText(/Showing 120 of 120 service accounts/);
  await expect(page.getByRole('group', { name: 'Connection status' })).toContainText('Synced');
  await shot(page, 'accounts-list');

  // Search narrows the list; the first match opens.
  await page.getByLabel('Search service accounts').fill('billing');
  // Wait for the filter itself (the count line already read "… of 120" before it applied).
  await expect(count).not.toHaveText(/Showing 120 of 120/);
  await expect(count).toHaveText(/Showing \d+ of 120 service accounts/);
  const grid = page.getByRole('grid', { name: 'Service accounts' });
  const firstRow = grid.locator('[data-account-id]').first();
  await expect(firstRow).toHaveAttribute('aria-label', /billing/);
  const name = (await firstRow.getAttribute('aria-label'))!;
  await firstRow.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await shot(page, 'account-info');
  await page.getByRole('tab', { name: 'Tokens' }).click();
  const tokens = page.getByRole('table', { name: 'Tokens' });
  await expect(tokens.getByText('tdk_sa_…', { exact: false }).first()).toBeVisible();
  await shot(page, 'account-tokens');

  // The server goes away and the app restarts: the cache is shown read-only with its age.
  await server.stop();
  await app.close();
  const again = await openApp();
  await expect(again.page.getByText(/^Offline since .+ — read-only, showing data as of /)).toBeVisible();
  await expect(again.page.getByRole('status').filter({ hasText: 'service accounts' })).toHaveText(
    /Showing 120 of 120 service accounts/,
  );
  await again.page.getByLabel('Search service accounts').fill(name);
  await again.page.getByRole('grid', { name: 'Service accounts' }).locator(`[aria-label="${name}"]`).click();
  await again.page.getByRole('tab', { name: 'Tokens' }).click();
  await expect(
    again.page.getByRole('table', { name: 'Tokens' }).getByText('tdk_sa_…', { exact: false }).first(),
  ).toBeVisible();
  await shot(again.page, 'offline-account-tokens');
  await again.page.getByRole('button', { name: 'Back to service accounts' }).click();
  await shot(again.page, 'offline-list');

  // Nothing the app wrote holds the admin token, in the clear or inside a sealed cache file. The scan
  // looked at something: the files are there, and the cache was opened with the app's key.
  const appDir = join(workDir, 'app');
  const key = await dataKeyOf(appDir, new NodeKeyring({ dir: join(workDir, 'keychain') }));
  const files = readableFiles(appDir, key);
  expect(files.map((f) => f.path.slice(appDir.length))).toEqual(
    expect.arrayContaining(['/connections.json', '/data-key.json']),
  );
  expect(files.filter((f) => f.decrypted).length).toBeGreaterThan(0);
  expect(findAtRest(appDir, key, [server.adminToken, server.adminToken.slice(7, 37)])).toEqual([]);
});
