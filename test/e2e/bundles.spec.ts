import type { Page } from '@playwright/test';
import { PERMISSIONS } from '../../src-shared/roles.js';
import { connect } from './connect.js';
import { expect, test } from './fixtures.js';
import { shot } from './screens.js';

type Account = { id: string; name: string; groups: string[]; enabled: boolean; roles: string[] };

const SIZES = [
  { width: 960, height: 600 },
  { width: 1200, height: 780 },
  { width: 1920, height: 1080 },
] as const;

/** A 64-character bundle name (the longest allowed) with every permission: the worst case to lay out. */
const LONG_NAME = 'platform-engineering-on-call-token-operators-for-eu-west-regions';

/** A row's action: its button in a wide table, or the item of its "Actions for …" menu in a narrow one. */
async function rowAction(page: Page, rowName: string, action: string): Promise<void> {
  const button = page.getByRole('button', { name: action, exact: true });
  if (await button.isVisible()) return button.click();
  await page.getByRole('button', { name: `Actions for ${rowName}`, exact: true }).click();
  await page.getByRole('menuitem', { name: action }).click();
}

const openMembers = (page: Page) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Members' }).click();

/**
 * The IOMETE v2 flow through the app: an Admin defines a bundle with access_token.manage, grants it to a
 * group, and a Viewer of that group (no role of theirs grants access_token.manage) connects with their
 * own personal token and generates a token for a service account of the group.
 */
test('IOMETE flow: create a bundle, grant it to a group, a member of the group generates a token', async ({
  server,
  openApp,
}) => {
  const app = await openApp({ viewport: { width: 1200, height: 780 } });
  const connectionId = await connect(app, server);
  const { page } = app;
  const snapshot = (await app.call('snapshot:get', { connectionId })) as { accounts: Account[] };
  // An account a Viewer's token may be issued for (its roles include Viewer), in one group.
  const account = snapshot.accounts.find((a) => a.enabled && a.roles.includes('Viewer') && a.groups.length > 0)!;
  const group = account.groups[0]!;
  const member = (await app.call('members:create', {
    connectionId,
    input: { name: 'iris.viewer', roles: ['Viewer'], groups: [group] },
  })) as { secret: string };
  // A second bundle at the limits (longest name, every permission), held by no one.
  await app.call('bundles:create', {
    connectionId,
    input: { name: LONG_NAME, description: 'Everything, for the screenshots', permissions: [...PERMISSIONS] },
  });

  await openMembers(page);
  await page.getByRole('button', { name: 'New bundle' }).click();
  const create = page.getByRole('dialog', { name: 'New bundle' });
  await create.getByLabel('Name').fill('token-operators');
  await create.getByLabel(/^Description/).fill('IOMETE v2: MANAGE_ACCESS_TOKEN');
  await create.getByRole('checkbox', { name: /^access_token\.manage/ }).check();
  await create.getByRole('checkbox', { name: /^service_account\.read/ }).check();
  await shot(page, 'bundle-create');
  await create.getByRole('button', { name: 'Create bundle' }).click();
  await expect(create).toBeHidden();
  const bundles = page.getByRole('table', { name: 'Bundles' });
  await expect(bundles).toContainText('token-operators');

  await page.getByRole('button', { name: `Edit group ${group}`, exact: true }).click();
  const groupDialog = page.getByRole('dialog', { name: `Edit group ${group}` });
  await groupDialog.getByRole('checkbox', { name: /^token-operators/ }).check();
  await shot(page, 'group-dialog-bundles');
  await groupDialog.getByRole('button', { name: 'Save' }).click();
  await expect(groupDialog).toBeHidden();
  await expect(bundles.getByRole('row', { name: /^token-operators/ })).toContainText(group);

  // Screenshots of the Bundles view and its dialogs, three sizes, light and dark (the system's theme).
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const label = `${scheme}-${size.width}x${size.height}`;
      await bundles.scrollIntoViewIfNeeded();
      await shot(page, `bundles-view-${label}`);
      await rowAction(page, LONG_NAME, `Edit bundle ${LONG_NAME}`);
      const edit = page.getByRole('dialog', { name: `Edit bundle ${LONG_NAME}` });
      await expect(edit).toBeVisible();
      await shot(page, `bundle-dialog-${label}`);
      await edit.getByRole('button', { name: 'Cancel' }).click();
      await expect(edit).toBeHidden();
      await rowAction(page, 'iris.viewer', 'Edit iris.viewer');
      const memberDialog = page.getByRole('dialog', { name: 'Edit member iris.viewer' });
      await memberDialog.getByRole('group', { name: 'Bundles' }).scrollIntoViewIfNeeded();
      await shot(page, `member-dialog-bundles-${label}`);
      await memberDialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(memberDialog).toBeHidden();
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1200, height: 780 });

  // iris connects with her own personal token: a Viewer, with access_token.manage through the group's bundle.
  await app.call('connections:remove', { id: connectionId });
  await connect(app, server, member.secret);
  await page.getByLabel('Search service accounts').fill(account.name);
  await page.getByRole('grid', { name: 'Service accounts' }).locator(`[aria-label="${account.name}"]`).click();
  await page.getByRole('tab', { name: 'Tokens' }).click();
  await page.getByRole('button', { name: 'Generate new token' }).click();
  const generate = page.getByRole('dialog', { name: 'Generate new token' });
  await generate.getByLabel('Name').fill('iris-made');
  await generate.getByRole('button', { name: 'Generate', exact: true }).click();
  const reveal = page.getByRole('dialog', { name: 'Copy your new token' });
  await expect(reveal).toBeVisible();
  await expect(reveal.getByTestId('revealed-secret')).toHaveText(/^tdk_sa_/);
  await shot(page, 'bundle-member-token-reveal', [reveal.getByTestId('revealed-secret')]);
});
