import { expect, test } from './fixtures.js';
import { shot } from './screens.js';

test('the theme follows the system until one is chosen in Settings, which applies at once and is kept', async ({
  server,
  openApp,
}) => {
  const app = await openApp({ viewport: { width: 1200, height: 780 } });
  const { page } = app;
  await app.call('connections:add', { name: 'Local', url: server.url, domain: 'default', token: server.adminToken });
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  // System (the default): the page follows prefers-color-scheme, both ways.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(page.getByRole('group', { name: 'Connection status' })).toBeVisible();
  expect(await page.locator('html').getAttribute('data-theme')).toBeNull();
  expect(await background()).toBe('rgb(15, 20, 26)');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background()).toBe('rgb(245, 246, 248)');

  // Dark, chosen in Settings: it applies at once, whatever the system says, and outlives a restart.
  await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
  const themes = page.getByRole('group', { name: 'Theme' });
  await expect(themes.getByRole('radio', { name: 'System' })).toBeChecked();
  await themes.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(15, 20, 26)');
  await shot(page, 'theme-settings-dark');
  expect(await app.call('settings:get')).toMatchObject({ theme: 'dark' });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  // Light pins it the other way, even on a dark system.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'Light' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(245, 246, 248)');
});
