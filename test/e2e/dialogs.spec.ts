import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** Where focus is: inside the open dialog, on an element of the page behind it, or on none. */
const focusIn = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    if (active === null || active === document.body) return 'none';
    return active.closest('dialog[open]') ? 'dialog' : `page: ${active.outerHTML.slice(0, 80)}`;
  });

test('dialogs are the browser’s modal <dialog>: Tab stays inside, Escape cancels, the reveal refuses it, focus goes back', async ({
  server,
  openApp,
}) => {
  const app = await openApp();
  const { page } = app;
  await app.call('connections:add', { name: 'Local', url: server.url, domain: 'default', token: server.adminToken });
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'service accounts' })).toHaveText(/Showing 120 of 120/);
  await page.getByRole('grid', { name: 'Service accounts' }).locator('[data-account-id]').first().click();
  await page.getByRole('tab', { name: 'Tokens' }).click();
  const opener = page.getByRole('button', { name: 'Generate new token' });

  // Opens modal, with focus on the first field; Tab and Shift+Tab never leave it.
  await opener.click();
  const create = page.getByRole('dialog', { name: 'Generate new token' });
  await expect(create.getByLabel('Name')).toBeFocused();
  expect(await create.evaluate((dialog: HTMLDialogElement) => dialog.open && dialog.matches(':modal'))).toBe(true);
  const seen: string[] = [];
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    seen.push(await focusIn(page));
  }
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Shift+Tab');
    seen.push(await focusIn(page));
  }
  // Past the last control, Chromium lets focus leave the page (to the browser's own UI) for one step,
  // as native modal dialogs do, then comes back into the dialog: never onto the inert page behind.
  expect(seen.filter((where) => where !== 'dialog' && where !== 'none')).toEqual([]);
  expect(seen.filter((where) => where === 'dialog').length).toBeGreaterThan(20);

  // Escape is the dialog's cancel: it closes, and focus is back on the button that opened it.
  await page.keyboard.press('Escape');
  await expect(create).toBeHidden();
  await expect(opener).toBeFocused();

  // The reveal may not be dismissed before the admin says they stored the secret, not even by a
  // second Escape in a row (which Chromium does not let a page refuse).
  await opener.click();
  await create.getByLabel('Name').fill('e2e-dialogs');
  await create.getByRole('button', { name: 'Generate', exact: true }).click();
  const reveal = page.getByRole('dialog', { name: 'Copy your new token' });
  await expect(reveal.getByRole('button', { name: 'Copy', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(reveal).toBeVisible();
  expect(await reveal.evaluate((dialog: HTMLDialogElement) => dialog.matches(':modal'))).toBe(true);

  // Escape in the Copy as… menu closes the menu only.
  await reveal.getByRole('button', { name: 'Copy as…' }).click();
  await expect(reveal.getByRole('menu', { name: 'Copy as' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(reveal.getByRole('menu', { name: 'Copy as' })).toBeHidden();
  await expect(reveal).toBeVisible();

  // Once stored, Escape closes it too, and focus goes back where the flow started.
  await reveal.getByLabel('I have stored this token in a safe place').check();
  await page.keyboard.press('Escape');
  await expect(reveal).toBeHidden();
  await expect(opener).toBeFocused();
});
