import type { Harness } from '../harness/harness.js';
import { connect } from './connect.js';
import { expect, test } from './fixtures.js';
import { shot } from './screens.js';

/** The name of the personal token the connection itself uses (main knows it from /me's tokenId). */
async function ownTokenName(app: Harness, connectionId: string): Promise<string> {
  const connections = (await app.call('connections:list')) as { id: string; tokenId: string | null }[];
  const tokenId = connections.find((c) => c.id === connectionId)!.tokenId;
  const { items } = (await app.call('personalTokens:list', { connectionId })) as {
    items: { id: string; name: string }[];
  };
  return items.find((t) => t.id === tokenId)!.name;
}

async function openPersonalTokens(app: Harness): Promise<void> {
  await app.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Personal tokens' }).click();
  await expect(app.page.getByRole('table', { name: 'Personal tokens' })).toBeVisible();
}

test('no self-lockout: Suspend of the app’s own token asks first, Cancel leaves it active; Rotate keeps the app working', async ({
  server,
  openApp,
}) => {
  const app = await openApp();
  const connectionId = await connect(app, server);
  const name = await ownTokenName(app, connectionId);
  const { page } = app;
  await openPersonalTokens(app);
  const row = page.getByRole('row').filter({ hasText: 'Used by this app' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(name);

  // Suspend asks, says what happens, and Cancel changes nothing.
  await page.getByRole('button', { name: `Suspend ${name}`, exact: true }).click();
  const confirm = page.getByRole('dialog', { name: `Suspend ${name}?` });
  await expect(confirm).toContainText('the app loses access to the server');
  await shot(page, 'self-lockout-suspend-confirm');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  const after = (await app.call('personalTokens:list', { connectionId })) as {
    items: { name: string; status: string }[];
  };
  expect(after.items.find((t) => t.name === name)?.status).toBe('ACTIVE');
  await expect(row).toContainText(/active/i);
  await expect(page.getByRole('button', { name: `Suspend ${name}`, exact: true })).toBeVisible();

  // Rotate of the own token: no reveal, the new secret is the connection's, and a sync after it works.
  await page.getByRole('button', { name: `Rotate ${name}`, exact: true }).click();
  const rotate = page.getByRole('dialog', { name: `Rotate ${name}` });
  await expect(rotate.getByRole('radio', { name: 'Revoke the old token now' })).toHaveCount(0);
  await rotate.getByRole('radio', { name: '1 minute' }).check();
  await rotate.getByRole('button', { name: 'Rotate', exact: true }).click();
  await expect(rotate).toBeHidden();
  await expect(page.getByRole('dialog', { name: 'Copy your new token' })).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: `Rotated ${name}.` })).toBeVisible();
  const synced = (await app.call('sync:run', { connectionId })) as { phase: string; error: unknown };
  expect(synced).toMatchObject({ phase: 'idle', error: null });
  await expect(page.getByRole('row').filter({ hasText: 'Used by this app' })).toContainText(name);
});

test('Escape in a form dialog with unsaved input asks Discard changes? first', async ({ server, openApp }) => {
  const app = await openApp();
  await connect(app, server);
  const { page } = app;
  await page.getByRole('button', { name: 'New service account' }).click();
  const dialog = page.getByRole('dialog', { name: 'New service account' });
  await dialog.getByLabel('Name').fill('half_typed');
  await page.keyboard.press('Escape');
  const prompt = page.getByRole('dialog', { name: 'Discard changes?' });
  await expect(prompt).toBeVisible();
  await shot(page, 'discard-prompt');
  await prompt.getByRole('button', { name: 'Keep editing' }).click();
  await expect(prompt).toBeHidden();
  await expect(dialog.getByLabel('Name')).toHaveValue('half_typed');

  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Discard changes?' }).getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toBeHidden();

  // Nothing typed: Escape closes at once.
  await page.getByRole('button', { name: 'New service account' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('dialog', { name: 'Discard changes?' })).toHaveCount(0);
});
