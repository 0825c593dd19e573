import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { NodeKeyring } from '../../src-main/services/node-keyring.js';
import { filesUnder } from '../../src-main/services/test-support/files.js';
import { dataKeyOf, findAtRest } from '../../src-main/services/test-support/secrets-at-rest.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { startLossyProxy } from '../integration/lossy-proxy.js';
import { expect, test, type RunningServer } from './fixtures.js';
import type { Harness } from '../harness/harness.js';
import { shot } from './screens.js';

type Account = { id: string; name: string; groups: string[] };

/** Connects the app to `url` with the admin token and opens an account the admin may manage tokens of. */
async function openManagedAccount(app: Harness, url: string, token: string): Promise<Account> {
  const connection = (await app.call('connections:add', {
    name: 'Local test server',
    url,
    domain: 'default',
    token,
  })) as {
    id: string;
  };
  await app.page.reload();
  await expect(app.page.getByRole('status').filter({ hasText: 'service accounts' })).toHaveText(/Showing 120 of 120/);
  const snapshot = (await app.call('snapshot:get', { connectionId: connection.id })) as {
    accounts: (Account & { enabled: boolean })[];
  };
  const account = snapshot.accounts.find((a) => a.enabled && a.groups.includes('admins'))!;
  await app.page.getByLabel('Search service accounts').fill(account.name);
  await app.page.getByRole('grid', { name: 'Service accounts' }).locator(`[aria-label="${account.name}"]`).click();
  await app.page.getByRole('tab', { name: 'Tokens' }).click();
  return account;
}

/** GET /me with a token: the status and error code the server answers. */
async function tryToken(server: RunningServer, secret: string): Promise<string> {
  const res = await fetch(server.url + apiPath('getMe'), { headers: { authorization: `Bearer ${secret}` } });
  const body = (await res.json()) as { error?: { code: string } };
  return res.ok ? '200' : `${res.status} ${body.error?.code}`;
}

/** Reads the secret from the reveal dialog, and screenshots it with the secret masked. */
async function revealed(page: Page, name: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: 'Copy your new token' });
  await expect(dialog).toBeVisible();
  const secret = (await dialog.getByTestId('revealed-secret').textContent())!.trim();
  expect(secret).toMatch(/^tdk_sa_[0-9A-Za-z]{36}$/);
  await shot(page, name, [dialog.getByTestId('revealed-secret')]);
  return secret;
}

async function closeReveal(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Copy your new token' });
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeDisabled();
  await dialog.getByLabel('I have stored this token in a safe place').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
}

test('create, reveal and copy (cleared later), suspend, reactivate, rotate, delete — and no secret at rest', async ({
  server,
  openApp,
  workDir,
}) => {
  const app = await openApp({ settings: { clipboardClearSeconds: 5 } });
  const { page } = app;
  await openManagedAccount(app, server.url, server.adminToken);
  await shot(page, 'tokens-tab');

  // Create with the defaults (Limited, 30 days) and reveal the secret once.
  await page.getByRole('button', { name: 'Generate new token' }).click();
  const create = page.getByRole('dialog', { name: 'Generate new token' });
  await create.getByLabel('Name').fill('e2e-token');
  await expect(create.getByText('Expires on', { exact: false })).toBeVisible();
  await shot(page, 'token-create-dialog');
  await create.getByRole('button', { name: 'Generate', exact: true }).click();
  const secret = await revealed(page, 'token-reveal');
  expect(await tryToken(server, secret)).toBe('200');

  // Copy goes through main; the clipboard stand-in is cleared after the configured 5 s.
  await page
    .getByRole('dialog', { name: 'Copy your new token' })
    .getByRole('button', { name: 'Copy', exact: true })
    .click();
  await expect(page.getByText('Copied · Clipboard clears in', { exact: false })).toBeVisible();
  expect(await app.clipboard.readText()).toBe(secret);
  expect(app.clipboard.writes.at(-1)?.concealed).toBe(true);
  await expect.poll(() => app.clipboard.readText(), { timeout: 15_000 }).toBe('');
  await closeReveal(page);
  await expect(page.getByRole('table', { name: 'Tokens' })).toContainText('e2e-token');

  // Suspend: the token stops working; reactivate: it works again.
  await page.getByRole('button', { name: 'Suspend e2e-token', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Reactivate e2e-token', exact: true })).toBeVisible();
  expect(await tryToken(server, secret)).toBe('401 token_suspended');
  await page.getByRole('button', { name: 'Reactivate e2e-token', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Suspend e2e-token', exact: true })).toBeVisible();
  expect(await tryToken(server, secret)).toBe('200');

  // Rotate with a one-hour grace: a new secret through the same reveal; the old one keeps working.
  await page.getByRole('button', { name: 'Rotate e2e-token', exact: true }).click();
  const rotate = page.getByRole('dialog', { name: 'Rotate e2e-token' });
  await rotate.getByRole('radio', { name: '1 hour' }).check();
  await shot(page, 'token-rotate-dialog');
  await rotate.getByRole('button', { name: 'Rotate', exact: true }).click();
  const rotated = await revealed(page, 'token-rotate-reveal');
  expect(rotated).not.toBe(secret);
  await closeReveal(page);
  await expect(page.getByText('Rotated — expires in 1 hour')).toBeVisible();
  await shot(page, 'tokens-after-rotate');
  expect(await tryToken(server, secret)).toBe('200');
  expect(await tryToken(server, rotated)).toBe('200');

  // Delete the new token: its secret stops working.
  await page.getByRole('button', { name: 'Delete e2e-token', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete token e2e-token?' });
  await confirm.getByRole('button', { name: 'Delete token' }).click();
  await expect(confirm).toBeHidden();
  expect(await tryToken(server, rotated)).toBe('401 token_deleted');

  // Secrets at rest: not in the app's folder, the keychain stand-in, the server's database or its WAL.
  await app.close();
  const files = filesUnder(workDir);
  expect(files.some((f) => f.endsWith('.sqlite'))).toBe(true);
  const needles = [secret, rotated].map((s) => s.slice(7, 37));
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const needle of needles) expect(bytes.includes(needle), `${file} holds a secret`).toBe(false);
  }
  // And the app's sealed cache files, read decrypted with its own key.
  const appDir = join(workDir, 'app');
  const key = await dataKeyOf(appDir, new NodeKeyring({ dir: join(workDir, 'keychain') }));
  expect(findAtRest(appDir, key, needles)).toEqual([]);
});

test('a lost answer: the token exists but its secret can’t be shown; revoke it and create a new one', async ({
  server,
  openApp,
}) => {
  const proxy = await startLossyProxy(server.url, {
    dropResponseOf: (method, path) => method === 'POST' && path.endsWith('/tokens'),
    times: 1,
  });
  try {
    const app = await openApp();
    const { page } = app;
    const account = await openManagedAccount(app, proxy.url, server.adminToken);
    await page.getByRole('button', { name: 'Generate new token' }).click();
    const create = page.getByRole('dialog', { name: 'Generate new token' });
    await create.getByLabel('Name').fill('lost-answer');
    await create.getByRole('button', { name: 'Generate', exact: true }).click();

    const lost = page.getByRole('dialog', { name: 'The token’s secret was lost' });
    await expect(lost).toContainText(
      "The token “lost-answer” was created, but its secret can't be shown because the server's answer was lost.",
    );
    await shot(page, 'token-secret-lost');
    await lost.getByRole('button', { name: 'Revoke it and create a new one' }).click();
    const secret = await revealed(page, 'token-secret-lost-recreated');
    await closeReveal(page);
    expect(await tryToken(server, secret)).toBe('200');

    const res = await fetch(server.url + apiPath('listServiceAccountTokens', { domain: 'default', id: account.id }), {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    const list = (await res.json()) as { items: { name: string }[] };
    expect(list.items.filter((t) => t.name === 'lost-answer')).toHaveLength(1);
    expect(proxy.seen.filter((r) => r.dropped)).toHaveLength(1);
  } finally {
    await proxy.close();
  }
});
