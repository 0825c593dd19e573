import { apiPath } from '../../src-shared/api/paths.js';
import { openStore } from '../../src-server/store/store.js';
import { addHumanWithToken } from '../../src-server/test-support.js';
import { connect } from './connect.js';
import { expect, test, type RunningServer } from './fixtures.js';
import { shot } from './screens.js';

async function serverAccount(
  server: RunningServer,
  id: string,
): Promise<{ status: number; body: { enabled?: boolean; description?: string } }> {
  const res = await fetch(server.url + apiPath('getServiceAccount', { domain: 'default', id }), {
    headers: { authorization: `Bearer ${server.adminToken}` },
  });
  return { status: res.status, body: (await res.json()) as { enabled?: boolean; description?: string } };
}

test('create (after a validation error), edit, toggle, a refusal in the server’s words, delete, and offline', async ({
  server,
  openApp,
}) => {
  const app = await openApp();
  const { page } = app;
  await connect(app, server);

  // Create: the dialog opens without errors; a bad name is caught once the field is left, and a try to
  // create sends nothing; then a valid account with a role copied in.
  await page.getByRole('button', { name: 'New service account' }).click();
  const dialog = page.getByRole('dialog', { name: 'New service account' });
  const badName = dialog.getByText('Not allowed: uppercase letters (B, N), “-”.');
  await dialog.getByLabel('Name').fill('Bad-Name');
  await expect(badName).toBeHidden();
  await dialog.getByLabel('Name').press('Tab');
  await expect(badName).toBeVisible();
  await shot(page, 'create-dialog-invalid');
  app.traffic.clear();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByLabel('Name')).toBeFocused();
  expect(app.traffic.calls).not.toContain('accounts:create');
  await shot(page, 'create-dialog-invalid');
  await dialog.getByLabel('Name').fill('e2e_worker');
  await dialog.getByLabel('Description').fill('Runs the nightly e2e suite');
  await dialog
    .getByRole('group', { name: 'Roles' })
    .getByRole('checkbox', { name: /^Viewer/ })
    .check();
  await dialog.getByRole('radio', { name: 'Copy from a role' }).check();
  await dialog.getByLabel('Role to copy from').selectOption('Deployment');
  const preview = dialog.getByRole('region', { name: 'Preview of roles and permissions' });
  await expect(preview.getByRole('list', { name: 'Resulting roles' })).toContainText('Deployment');
  await expect(preview.getByRole('list', { name: 'Resulting permissions' })).toContainText('access_token.manage');
  await shot(page, 'create-dialog-preview');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'e2e_worker' })).toBeVisible();
  const id = (
    (await app.call('snapshot:get', { connectionId: await connectionId(app) })) as {
      accounts: { id: string; name: string }[];
    }
  ).accounts.find((a) => a.name === 'e2e_worker')!.id;
  expect((await serverAccount(server, id)).status).toBe(200);

  // Edit the description in the Info tab; the name stays fixed.
  await page.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit service account' });
  await expect(form.getByText("The name can't be changed", { exact: false })).toBeVisible();
  await form.getByLabel('Description').fill('Runs the nightly e2e suite against staging');
  await shot(page, 'edit-info');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Runs the nightly e2e suite against staging')).toBeVisible();
  expect((await serverAccount(server, id)).body.description).toBe('Runs the nightly e2e suite against staging');

  // Switch it off and on from the detail header.
  const enabled = page.getByRole('switch', { name: 'Enabled' });
  await enabled.click();
  await expect(enabled).toHaveAttribute('aria-checked', 'false');
  await expect.poll(async () => (await serverAccount(server, id)).body.enabled).toBe(false);
  await enabled.click();
  await expect(enabled).toHaveAttribute('aria-checked', 'true');
  await expect.poll(async () => (await serverAccount(server, id)).body.enabled).toBe(true);

  // Delete: the confirmation counts the tokens and wants the name typed.
  await page.getByRole('button', { name: 'Delete account' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete e2e_worker?' });
  await expect(confirm).toContainText('It has no tokens.');
  await expect(confirm.getByRole('button', { name: 'Delete' })).toBeDisabled();
  await confirm.getByLabel('Type e2e_worker to confirm').fill('e2e_worker');
  await shot(page, 'delete-confirm');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'service accounts' })).toHaveText(/Showing 120 of 120/);
  expect((await serverAccount(server, id)).status).toBe(404);

  // Another admin moves an account out of our groups; the app still thinks we may change it, and shows the
  // server's refusal where the toggle was flipped, rolled back.
  const store = await openStore(server.dataDir);
  const domain = (await store.domains.byName('default'))!;
  const target = (
    (await app.call('snapshot:get', { connectionId: await connectionId(app) })) as {
      accounts: { id: string; name: string; enabled: boolean; groups: string[] }[];
    }
  ).accounts.find((a) => a.enabled && a.groups.includes('admins'))!;
  await store.members.updateServiceAccount(
    target.id,
    { groupIds: [(await store.groups.byName(domain.id, 'platform'))!.id] },
    'someone_else',
  );
  await store.close();
  await page.getByLabel('Search service accounts').fill(target.name);
  const row = page.getByRole('grid', { name: 'Service accounts' }).locator(`[aria-label="${target.name}"]`);
  await row.getByRole('switch', { name: `${target.name} enabled` }).click();
  const alert = page.getByRole('alert').filter({ hasText: `Could not disable ${target.name}` });
  await expect(alert).toContainText('You must be in the same group as this service account to change or delete it');
  await expect(row.getByRole('switch', { name: `${target.name} enabled` })).toHaveAttribute('aria-checked', 'true');
  await shot(page, 'toggle-refused');

  // Offline: every change action is off, and says why.
  await server.stop();
  await app.close();
  const again = await openApp();
  await expect(again.page.getByText(/^Offline since .+ — read-only, showing data as of /)).toBeVisible();
  const create = again.page.getByRole('button', { name: 'New service account' });
  await expect(create).toBeDisabled();
  await expect(create).toHaveAttribute('title', 'Unavailable offline');
  const firstRow = again.page.getByRole('grid', { name: 'Service accounts' }).locator('[data-account-id]').first();
  await expect(firstRow.getByRole('switch')).toBeDisabled();
  await shot(again.page, 'offline-actions-disabled');
});

test('one enable toggle: the renderer sends the patch call and gets one small snapshot:changed, never the list', async ({
  server,
  openApp,
}) => {
  const app = await openApp();
  const { page } = app;
  await connect(app, server);
  const id = await connectionId(app);
  // Quiet first: the first sync and what start-up reads are done.
  await expect
    .poll(async () => ((await app.call('sync:status', { connectionId: id })) as { phase: string }).phase)
    .toBe('idle');
  await expect(page.getByRole('group', { name: 'Connection status' })).toContainText('Synced');
  const target = (
    (await app.call('snapshot:get', { connectionId: id })) as {
      accounts: { id: string; name: string; enabled: boolean; groups: string[] }[];
    }
  ).accounts.find((a) => a.enabled && a.groups.includes('admins'))!;
  await page.getByLabel('Search service accounts').fill(target.name);
  const toggle = page
    .getByRole('grid', { name: 'Service accounts' })
    .locator(`[aria-label="${target.name}"]`)
    .getByRole('switch', { name: `${target.name} enabled` });
  await expect(toggle).toBeEnabled();
  await page.waitForTimeout(300);
  app.traffic.clear();

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect.poll(async () => (await serverAccount(server, target.id)).body.enabled).toBe(false);
  await expect.poll(() => app.traffic.events.length).toBeGreaterThan(0);
  // Anything the renderer would still send after the event (a reload of the list) has time to show.
  await page.waitForTimeout(500);
  expect(app.traffic.calls).toEqual(['accounts:update']);
  expect(app.traffic.events).toEqual([
    {
      channel: 'snapshot:changed',
      payload: {
        connectionId: id,
        version: expect.any(Number) as unknown,
        changedIds: [target.id],
        directoryChanged: false,
      },
    },
  ]);
  expect(JSON.stringify(app.traffic.events[0]!.payload).length).toBeLessThan(200);
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
});

test('a Viewer sees every change action disabled, with the reason', async ({ server, openApp }) => {
  const store = await openStore(server.dataDir);
  const domain = (await store.domains.byName('default'))!;
  const admins = (await store.groups.byName(domain.id, 'admins'))!.id;
  const viewer = await addHumanWithToken(
    { store, domain },
    { name: 'vera.viewer', roles: ['Viewer'], groupIds: [admins] },
  );
  await store.close();

  const app = await openApp();
  await connect(app, server, viewer.token);
  const reason =
    'Your permissions do not allow you to create service accounts (it needs service_account.manage, which comes with the Admin or Power User role).';
  const create = app.page.getByRole('button', { name: 'New service account' });
  await expect(create).toBeDisabled();
  await expect(create).toHaveAttribute('title', reason);
  await expect(app.page.getByText(reason)).toBeVisible();
  const firstRow = app.page.getByRole('grid', { name: 'Service accounts' }).locator('[data-account-id]').first();
  await expect(firstRow.getByRole('switch')).toBeDisabled();
  await shot(app.page, 'viewer-list');
  await firstRow.click();
  await expect(app.page.getByRole('button', { name: 'Delete account' })).toBeDisabled();
  await expect(app.page.getByRole('button', { name: 'Edit' })).toBeDisabled();
  await expect(
    app.page
      .getByText(
        'Your permissions do not allow you to change service accounts (it needs service_account.manage, which comes with the Admin or Power User role).',
      )
      .first(),
  ).toBeVisible();
  await shot(app.page, 'viewer-detail');
});

async function connectionId(app: { call: (c: 'connections:list') => Promise<unknown> }): Promise<string> {
  const list = (await app.call('connections:list')) as { id: string }[];
  return list[0]!.id;
}
