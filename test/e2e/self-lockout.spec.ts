import { WINDOW_SIZE } from '../../src-main/electron/window-size.js';
import { apiPath } from '../../src-shared/api/paths.js';
import type { Page } from '@playwright/test';
import type { Harness } from '../harness/harness.js';
import { axeViolations } from './axe.js';
import { connect } from './connect.js';
import { layoutProblems } from './layout-check.js';
import { expect, inDays, test, type RunningServer } from './fixtures.js';
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

/** POSTs as the admin (with an Idempotency-Key, which the token create wants) and answers the body. */
async function postAsAdmin(server: RunningServer, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.adminToken}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Record<string, unknown>;
}

/** Clicks a row's action: its button, or in a narrow window the item of the row's "Actions for …" menu. */
async function rowAction(page: Page, row: string, action: string): Promise<void> {
  const menu = page.getByRole('button', { name: `Actions for ${row}`, exact: true });
  if ((await menu.count()) > 0) {
    await menu.click();
    await page.getByRole('menuitem', { name: action, exact: true }).click();
  } else {
    await page.getByRole('button', { name: action, exact: true }).click();
  }
}

/**
 * The service-account case in the window as it opens, in light, and in the smallest window, in dark:
 * each state with a "Used by this app" mark is photographed and checked for layout and WCAG 2.1 AA.
 */
const LOOKS = [
  { suffix: '', options: {} },
  {
    suffix: '-dark-960x600',
    options: {
      viewport: { width: WINDOW_SIZE.minWidth, height: WINDOW_SIZE.minHeight },
      settings: { theme: 'dark' as const },
    },
  },
] as const;

for (const { suffix, options } of LOOKS) {
  test(`no self-lockout with a service account’s token${suffix ? ` (${suffix.slice(1)})` : ''}: the account and its token are marked, Disable and Suspend ask first, Rotate keeps the app working`, async ({
    server,
    openApp,
  }) => {
    // An Admin service account and a token of it, minted through the API; the connection signs in with it.
    const account = await postAsAdmin(server, apiPath('createServiceAccount', { domain: 'default' }), {
      name: 'desk_robot',
      roles: ['Admin'],
    });
    const accountId = account.id as string;
    const tokensPath = apiPath('createServiceAccountToken', { domain: 'default', id: accountId });
    const minted = await postAsAdmin(server, tokensPath, { name: 'desk', expiresAt: inDays(30) });
    const app = await openApp(options);
    const { page } = app;
    const { id: connectionId } = (await app.call('connections:add', {
      name: 'Robot',
      url: server.url,
      domain: 'default',
      token: minted.secret as string,
    })) as { id: string };
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'service accounts' })).toHaveText(/Showing 121 of 121/);
    const found: string[] = [];
    /** A screenshot of the state, then its layout and axe findings (the layout check scrolls, so it goes second). */
    const look = async (name: string) => {
      await shot(page, `${name}${suffix}`);
      for (const problem of await layoutProblems(page)) found.push(`${name}: ${problem}`);
      for (const problem of await axeViolations(page)) found.push(`${name}: ${problem}`);
    };

    // The list marks the account the app signs in as; disabling it asks first, and Cancel changes nothing.
    await page.getByLabel('Search service accounts').fill('desk_robot');
    const grid = page.getByRole('grid', { name: 'Service accounts' });
    const row = grid.locator('[aria-label="desk_robot"]');
    await expect(row).toContainText('Used by this app');
    await look('self-lockout-sa-list');
    await page.getByRole('switch', { name: 'desk_robot enabled' }).click();
    const disable = page.getByRole('dialog', { name: 'Disable desk_robot?' });
    await expect(disable).toContainText('the app loses access to the server');
    await look('self-lockout-sa-disable-confirm');
    await disable.getByRole('button', { name: 'Cancel' }).click();
    await expect(disable).toBeHidden();
    await expect(page.getByRole('switch', { name: 'desk_robot enabled' })).toBeChecked();

    // Its detail: the mark by the name; the Tokens tab marks the connection's own token. (The name cell is
    // clicked: the first cell holds the row's checkbox, and in a narrow window the row's middle is its
    // Enabled switch.)
    await row.getByRole('gridcell').nth(1).click();
    await expect(page.getByRole('heading', { level: 1, name: 'desk_robot' })).toBeVisible();
    await expect(page.locator('.detail-header__name')).toContainText('Used by this app');
    await page.getByRole('tab', { name: 'Tokens' }).click();
    const own = page.getByRole('table', { name: 'Tokens' }).getByRole('row').filter({ hasText: 'Used by this app' });
    await expect(own).toHaveCount(1);
    await expect(own).toContainText('desk');
    await look('self-lockout-sa-tokens');

    // Suspend of the own token asks, says what happens, and Cancel leaves it active on the server.
    await rowAction(page, 'desk', 'Suspend desk');
    const confirm = page.getByRole('dialog', { name: 'Suspend desk?' });
    await expect(confirm).toContainText('the app loses access to the server');
    await look('self-lockout-sa-suspend-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    const detail = (await app.call('accounts:get', { connectionId, id: accountId })) as {
      tokens: { name: string; status: string }[];
    };
    expect(detail.tokens.find((t) => t.name === 'desk')?.status).toBe('ACTIVE');

    // Rotate: no reveal, the connection carries on with the new secret, and a sync after it works.
    await rowAction(page, 'desk', 'Rotate desk');
    const rotate = page.getByRole('dialog', { name: 'Rotate desk' });
    await expect(rotate.getByRole('radio', { name: 'Revoke the old token now' })).toHaveCount(0);
    await rotate.getByRole('radio', { name: '1 minute' }).check();
    await rotate.getByRole('button', { name: 'Rotate', exact: true }).click();
    await expect(rotate).toBeHidden();
    await expect(page.getByRole('dialog', { name: 'Copy your new token' })).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Rotated desk.' })).toBeVisible();
    const synced = (await app.call('sync:run', { connectionId })) as { phase: string; error: unknown };
    expect(synced).toMatchObject({ phase: 'idle', error: null });
    const connections = (await app.call('connections:list')) as { id: string; tokenId: string | null }[];
    const after = (await app.call('accounts:get', { connectionId, id: accountId })) as {
      tokens: { id: string; name: string }[];
    };
    const current = after.tokens.find((t) => t.name === 'desk')!;
    expect(connections.find((c) => c.id === connectionId)?.tokenId).toBe(current.id);
    await expect(own).toContainText('desk');
    expect(found).toEqual([]);
  });
}

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
