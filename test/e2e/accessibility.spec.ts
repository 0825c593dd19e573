import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { shot } from './screens.js';
import { seedLongNames, walkApp } from './walk.js';

/** WCAG 2.1 A and AA: the level the app holds itself to. */
const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's findings on the page as it is now, one line per failing element. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG21_AA).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} — ${node.failureSummary ?? ''}`),
  );
}

for (const theme of ['light', 'dark'] as const) {
  test(`every screen and dialog has no WCAG 2.1 AA violation in the ${theme} theme`, async ({ server, openApp }) => {
    test.setTimeout(240_000);
    const app = await openApp({ viewport: { width: 1200, height: 780 }, settings: { theme } });
    const { page } = app;
    await seedLongNames(app, server);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const found: string[] = [];
    await walkApp(page, async (name) => {
      for (const problem of await violations(page)) found.push(`${name}: ${problem}`);
    });
    expect(found).toEqual([]);
  });
}

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
