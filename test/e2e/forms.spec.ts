import { connect } from './connect.js';
import { expect, test } from './fixtures.js';
import { shot } from './screens.js';

/**
 * Forms judge a field once the user changed and left it, or tried to save, never on opening and
 * never mid-typing (src-renderer/components/use-touched.ts); a dialog with input asks before Escape
 * throws it away.
 */
test('forms say what is wrong only once a field is left or a save is tried', async ({ server, openApp }) => {
  const app = await openApp();
  await connect(app, server);
  const { page } = app;
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name });

  // Settings: the clipboard delay.
  await nav('Settings').click();
  const seconds = page.getByLabel('Clear the clipboard after (seconds)');
  await expect(seconds).toHaveValue('30');
  await expect(page.locator('.field__error')).toHaveCount(0);
  await seconds.fill('3');
  await expect(seconds).not.toHaveAttribute('aria-invalid');
  await seconds.press('Tab');
  await expect(page.getByText('Clear the clipboard after 5 seconds at the soonest.')).toBeVisible();
  await shot(page, 'settings-clipboard-error');
  await seconds.fill('45');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect(await app.call('settings:get')).toMatchObject({ clipboardClearSeconds: 45 });

  // The Info tab's edit form: opens quietly; a try to save shows what is missing.
  await nav('Service accounts').click();
  await page.getByRole('grid', { name: 'Service accounts' }).locator('[data-account-id]').first().click();
  await page.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit service account' });
  await expect(form.locator('.field__error')).toHaveCount(0);
  for (const box of await form.getByRole('group', { name: 'Roles' }).getByRole('checkbox', { checked: true }).all())
    await box.uncheck();
  await expect(form.getByText('Choose at least one role.')).toBeHidden();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Choose at least one role.')).toBeVisible();
  await shot(page, 'edit-info-error');
  await form.getByRole('button', { name: 'Cancel' }).click();

  // The Logs tab's exact status: "4" on its way to "404" is no mistake; leaving the field at "4" is.
  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.getByLabel('Status', { exact: true }).selectOption('Exact status…');
  const exact = page.getByLabel('Exact status');
  await exact.pressSequentially('4');
  await expect(exact).not.toHaveAttribute('aria-invalid');
  await exact.press('Tab');
  await expect(page.getByText('Use a status such as 404.')).toBeVisible();
  await shot(page, 'logs-exact-status-error');

  // Add member: opens without errors; a try to add with no name says so; input is not lost to Escape.
  await nav('Members').click();
  await page.getByRole('button', { name: 'Add member' }).click();
  const add = page.getByRole('dialog', { name: 'Add member' });
  await expect(add.locator('.field__error')).toHaveCount(0);
  await shot(page, 'member-add-open');
  await add.getByRole('button', { name: 'Add member' }).click();
  await expect(add.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'member-add-error');
  await add.getByLabel('Name').fill('erin');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Discard changes?' })).toBeVisible();
  await shot(page, 'member-add-discard');
  await page.getByRole('button', { name: 'Keep editing' }).click();
  await expect(add.getByLabel('Name')).toHaveValue('erin');
});
