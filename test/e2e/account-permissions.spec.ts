import type { Page } from '@playwright/test';
import { apiPath } from '../../src-shared/api/paths.js';
import { WINDOW_SIZE } from '../../src-main/electron/window-size.js';
import { axeViolations } from './axe.js';
import { connect } from './connect.js';
import { layoutProblems } from './layout-check.js';
import { expect, test, type RunningServer } from './fixtures.js';
import { shot } from './screens.js';
import { LONG } from './walk.js';

/** The window's smallest size, the size it opens at, and a common desktop; each light and dark. */
const SIZES = [
  { width: WINDOW_SIZE.minWidth, height: WINDOW_SIZE.minHeight },
  { width: WINDOW_SIZE.width, height: WINDOW_SIZE.height },
  { width: 1920, height: 1080 },
] as const;

/**
 * Screenshots of what is on screen now at every size, in both colour schemes (the theme follows the
 * system), each checked for layout problems and WCAG 2.1 AA violations.
 */
async function shots(page: Page, name: string): Promise<void> {
  const found: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const label = `${name}-${size.width}x${size.height}-${colorScheme}`;
      await shot(page, `permissions-${label}`);
      for (const problem of await layoutProblems(page)) found.push(`${label}: ${problem}`);
      for (const problem of await axeViolations(page)) found.push(`${label}: ${problem}`);
    }
  }
  expect(found).toEqual([]);
  await page.setViewportSize({ width: WINDOW_SIZE.width, height: WINDOW_SIZE.height });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The HTTP status the server answers a service-account token for a GET. */
async function statusWith(server: RunningServer, secret: string, path: string): Promise<number> {
  const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${secret}` } });
  return res.status;
}

test('Planhat: copy from a role → issue a token → untick one permission → preview → save: the existing token is refused it at once', async ({
  server,
  openApp,
}) => {
  test.setTimeout(180_000);
  const app = await openApp();
  const { page } = app;
  const connectionId = await connect(app, server);

  // Create, starting from the Deployment role.
  await page.getByRole('button', { name: 'New service account' }).click();
  const create = page.getByRole('dialog', { name: 'New service account' });
  await create.getByLabel('Name').fill('planhat_sync');
  await create.getByRole('radio', { name: 'Copy from a role' }).check();
  await create.getByLabel('Role to copy from').selectOption('Deployment');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'planhat_sync' })).toBeVisible();

  // Issue a token; its secret stays in this test's memory only.
  await page.getByRole('tab', { name: 'Tokens' }).click();
  await page.getByRole('button', { name: 'Generate new token' }).click();
  const generate = page.getByRole('dialog', { name: 'Generate new token' });
  await generate.getByLabel('Name').fill('pipeline');
  await generate.getByRole('button', { name: 'Generate', exact: true }).click();
  const reveal = page.getByRole('dialog', { name: 'Copy your new token' });
  const secret = (await reveal.getByTestId('revealed-secret').textContent())!.trim();
  expect(secret).toMatch(/^tdk_sa_[0-9A-Za-z]{36}$/);
  await reveal.getByLabel('I have stored this token in a safe place').check();
  await reveal.getByRole('button', { name: 'Done' }).click();
  await expect(reveal).toBeHidden();

  const snapshot = (await app.call('snapshot:get', { connectionId })) as { accounts: { id: string; name: string }[] };
  const id = snapshot.accounts.find((a) => a.name === 'planhat_sync')!.id;
  const tokensPath = apiPath('listServiceAccountTokens', { domain: 'default', id });
  const accountsPath = apiPath('listServiceAccounts', { domain: 'default' });
  expect(await statusWith(server, secret, tokensPath)).toBe(200);
  expect(await statusWith(server, secret, accountsPath)).toBe(200);

  // Untick access_token.manage on the Permissions tab, review and save.
  await page.getByRole('tab', { name: 'Permissions' }).click();
  const box = page.getByRole('checkbox', { name: /^access_token\.manage/ });
  await expect(box).toBeChecked();
  await expect(box).toHaveAccessibleName(/Deployment role/);
  await box.uncheck();
  await expect(page.getByRole('group', { name: 'Unsaved permission changes' })).toContainText(
    '1 permission to take away',
  );
  await shots(page, 'editable');
  await page.getByRole('button', { name: 'Review changes…' }).click();
  const review = page.getByRole('dialog', { name: 'Save permission changes for planhat_sync?' });
  await expect(review.getByRole('region', { name: 'Loses' })).toContainText('access_token.manage');
  await expect(review).toContainText('Takes effect on the account’s existing tokens at once, with no re-issue');
  await shots(page, 'preview');
  await review.getByRole('button', { name: 'Save changes' }).click();
  await expect(review).toBeHidden();
  await expect(box).not.toBeChecked();
  await expect(box).toHaveAccessibleName(/Denied \(the Deployment role would give it\)/);

  // The same token, not re-issued: refused the permission at once, the others still work.
  expect(await statusWith(server, secret, tokensPath)).toBe(403);
  expect(await statusWith(server, secret, accountsPath)).toBe(200);

  // Long names, every standing: a 64-character account with a role, a grant and a deny.
  const long = (await app.call('accounts:create', {
    connectionId,
    input: { name: LONG.account, roles: ['Deployment'], grants: ['audit.read'], groups: ['admins'] },
  })) as { id: string };
  await app.call('accounts:update', { connectionId, id: long.id, patch: { denies: ['log.read'] } });
  await page.getByRole('button', { name: 'Back to service accounts' }).click();
  await page.getByLabel('Search service accounts').fill(LONG.account);
  await page
    .getByRole('grid', { name: 'Service accounts' })
    .getByRole('row', { name: LONG.account })
    .click({ position: { x: 40, y: 14 } });
  await page.getByRole('tab', { name: 'Permissions' }).click();
  await expect(page.getByRole('checkbox', { name: /^audit\.read Granted/ })).toBeChecked();
  await shots(page, 'long-names');

  // From scratch: permissions one by one, no role.
  await page.getByRole('button', { name: 'Back to service accounts' }).click();
  await page.getByRole('button', { name: 'New service account' }).click();
  const scratch = page.getByRole('dialog', { name: 'New service account' });
  await scratch.getByLabel('Name').fill('audit_reader');
  await scratch
    .getByRole('group', { name: 'Permissions, one by one' })
    .getByRole('checkbox', { name: /^audit\.read/ })
    .check();
  await expect(scratch.getByText('No roles: granted permissions only.')).toBeVisible();
  await shots(page, 'create-from-scratch');
  await scratch.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'audit_reader' })).toBeVisible();

  // An account with no role issues a token with no role: it holds exactly the account's grants.
  await page.getByRole('tab', { name: 'Tokens' }).click();
  await page.getByRole('button', { name: 'Generate new token' }).click();
  const grantsOnly = page.getByRole('dialog', { name: 'Generate new token' });
  await expect(grantsOnly).toContainText('it holds the permissions granted to the account');
  await grantsOnly.getByLabel('Name').fill('auditor');
  await grantsOnly.getByRole('button', { name: 'Generate', exact: true }).click();
  const second = page.getByRole('dialog', { name: 'Copy your new token' });
  const auditSecret = (await second.getByTestId('revealed-secret').textContent())!.trim();
  await second.getByLabel('I have stored this token in a safe place').check();
  await second.getByRole('button', { name: 'Done' }).click();
  await expect(second).toBeHidden();
  expect(await statusWith(server, auditSecret, apiPath('listAuditEvents', { domain: 'default' }))).toBe(200);
  expect(await statusWith(server, auditSecret, accountsPath)).toBe(403);

  // Read-only: with the server gone nothing can change; the list stays, with the reason and no checkboxes.
  await page.getByRole('tab', { name: 'Permissions' }).click();
  await server.stop();
  await app.call('sync:run', { connectionId });
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByRole('img', { name: 'Held', exact: true })).toHaveCount(1);
  await shots(page, 'read-only');
});
