import type { Page } from '@playwright/test';
import { apiPath } from '../../src-shared/api/paths.js';
import { connect } from './connect.js';
import { expect, inDays, test, type RunningServer } from './fixtures.js';
import { shot } from './screens.js';

async function revealAndClose(page: Page, name: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: 'Copy your new token' });
  await expect(dialog).toBeVisible();
  const secret = (await dialog.getByTestId('revealed-secret').textContent())!.trim();
  await shot(page, name, [dialog.getByTestId('revealed-secret')]);
  await dialog.getByLabel('I have stored this token in a safe place').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  return secret;
}

async function status(
  server: RunningServer,
  secret: string,
  path = apiPath('getMe'),
  init: RequestInit = {},
): Promise<number> {
  const res = await fetch(server.url + path, {
    ...init,
    headers: { authorization: `Bearer ${secret}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  return res.status;
}

test('personal token: create, reveal once, it works, delete', async ({ server, openApp }) => {
  const app = await openApp();
  await connect(app, server);
  const { page } = app;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Personal tokens' }).click();
  await page.getByRole('button', { name: 'Create token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create personal token' });
  await dialog.getByLabel('Name').fill('ab');
  // Judged once the field is left, not while typing.
  await dialog.getByLabel('Name').press('Tab');
  await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('Name').fill('terraform');
  await shot(page, 'personal-token-create');
  await dialog.getByRole('button', { name: 'Generate token' }).click();
  const secret = await revealAndClose(page, 'personal-token-reveal');
  expect(secret).toMatch(/^tdk_pt_/);
  expect(await status(server, secret)).toBe(200);
  await expect(page.getByRole('table', { name: 'Personal tokens' })).toContainText('terraform');
  await shot(page, 'personal-tokens');

  await page.getByRole('button', { name: 'Delete terraform', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete personal token terraform?' });
  await expect(confirm).toContainText('remove the token from any project, code base, or third-party platform');
  await confirm.getByRole('button', { name: 'Delete token' }).click();
  await expect(confirm).toBeHidden();
  expect(await status(server, secret)).toBe(401);
});

test('add a member to a group: with their token they can manage that account’s tokens', async ({ server, openApp }) => {
  const app = await openApp();
  const connectionId = await connect(app, server);
  const { page } = app;
  const snapshot = (await app.call('snapshot:get', { connectionId })) as {
    accounts: { id: string; name: string; groups: string[]; enabled: boolean; roles: string[] }[];
  };
  // An account only in `admins`, with a role a Deployment member may give its tokens.
  const account = snapshot.accounts.find(
    (a) => a.enabled && a.groups.length === 1 && a.groups[0] === 'admins' && a.roles.includes('Deployment'),
  )!;

  // A new Deployment member in no group gets a first personal token, handed over through the reveal.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Members' }).click();
  await page.getByRole('button', { name: 'Add member' }).click();
  const add = page.getByRole('dialog', { name: 'Add member' });
  await add.getByLabel('Name').fill('dana.deploy');
  await add.getByRole('checkbox', { name: /^Deployment/ }).check();
  await shot(page, 'member-add');
  await add.getByRole('button', { name: 'Add member' }).click();
  const secret = await revealAndClose(page, 'member-first-token');
  const tokens = apiPath('listServiceAccountTokens', { domain: 'default', id: account.id });
  expect(await status(server, secret, tokens)).toBe(403);

  // Put them in the account's group: now they may list and create its tokens.
  await page.getByRole('button', { name: 'Edit dana.deploy', exact: true }).click();
  const edit = page.getByRole('dialog', { name: 'Edit member dana.deploy' });
  await edit.getByRole('checkbox', { name: 'admins', exact: true }).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole('table', { name: 'Members' })).toContainText('dana.deploy');
  await shot(page, 'members');
  expect(await status(server, secret, tokens)).toBe(200);
  expect(
    await status(server, secret, tokens, {
      method: 'POST',
      body: JSON.stringify({ name: 'dana-made', expiresAt: inDays(30), roles: ['Deployment'] }),
    }),
  ).toBe(201);
});

test('the Logs tab shows requests made with a token in this test', async ({ server, openApp }) => {
  const app = await openApp();
  const connectionId = await connect(app, server);
  const { page } = app;
  const snapshot = (await app.call('snapshot:get', { connectionId })) as {
    accounts: { id: string; name: string; groups: string[]; enabled: boolean; roles: string[] }[];
  };
  const account = snapshot.accounts.find((a) => a.enabled && a.groups.includes('admins'))!;
  const created = (await app.call('tokens:create', {
    connectionId,
    accountId: account.id,
    input: { name: 'log-maker', expiresAt: inDays(30) },
  })) as { secret: string };
  expect(await status(server, created.secret)).toBe(200);
  expect(await status(server, created.secret, apiPath('listRoles'))).toBe(200);
  const badQuery = `${apiPath('listServiceAccounts', { domain: 'default' })}?limit=100000`;
  // Refused requests of one token with one status in one second share a row with a count.
  const refused = await Promise.all(Array.from({ length: 4 }, () => status(server, created.secret, badQuery)));
  expect(refused).toEqual([400, 400, 400, 400]);

  await page.getByLabel('Search service accounts').fill(account.name);
  await page.getByRole('grid', { name: 'Service accounts' }).locator(`[aria-label="${account.name}"]`).click();
  await page.getByRole('tab', { name: 'Logs' }).click();
  const requests = page.getByRole('table', { name: 'Requests' });
  await expect(requests).toContainText('/api/v1/roles');
  await expect(requests).toContainText('/api/v1/me');
  await expect(requests).toContainText('log-maker');
  // Four in well under a second: at most two rows, so one of them counts at least two.
  await expect(requests.getByText(/^×[234]$/).first()).toBeVisible();
  await shot(page, 'logs-tab');
  await page.getByLabel('Status', { exact: true }).selectOption('4xx');
  await expect(requests).toContainText(apiPath('listServiceAccounts', { domain: 'default' }));
  await expect(requests).not.toContainText('/api/v1/roles');

  // The audit view lists the token's creation, with no secret in it.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Audit' }).click();
  await expect(page.getByRole('table', { name: 'Audit events' })).toContainText('log-maker');
  await shot(page, 'audit');
});
