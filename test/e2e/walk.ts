import type { Locator, Page } from '@playwright/test';
import { expect, inDays } from './fixtures.js';
import type { Harness } from '../harness/harness.js';
import { ROLE_NAMES } from '../../src-shared/roles.js';

/** Legal at their longest: 64 characters each, so every place that shows one must show it in full somewhere. */
export const LONG = {
  account: 'a_service_account_whose_name_uses_all_sixty_four_characters_x64'.padEnd(64, 'z'),
  token: 'a-token-name-that-uses-every-one-of-the-sixty-four-characters.64'.padEnd(64, 'z'),
  personal: 'a-personal-token-with-a-name-sixty-four-characters-long-on-purpose'.slice(0, 64),
  member: 'a.member.whose.login.name.takes.all.sixty.four.characters.allowed'.slice(0, 64),
  group: 'a-group-with-a-name-as-long-as-the-rules-allow-sixty-four-chars-x'.slice(0, 64),
  connection: 'Production token server in the Frankfurt data centre (primary cluster)',
  description:
    'Runs the nightly billing export for every region and posts the reconciled ledger to the finance ' +
    'data warehouse; owned by the payments platform team, paged through the billing on-call rotation.',
};

/**
 * A session with the things that make layouts break: a 64-character account name with a long
 * description and every role, a 64-character token on it, a long personal token, member and group.
 */
export async function seedLongNames(
  app: Harness,
  server: { url: string; adminToken: string },
): Promise<{ secret: string }> {
  const added = (await app.call('connections:add', {
    name: LONG.connection,
    url: server.url,
    domain: 'default',
    token: server.adminToken,
  })) as { id: string };
  const connectionId = added.id;
  const account = (await app.call('accounts:create', {
    connectionId,
    input: { name: LONG.account, description: LONG.description, roles: [...ROLE_NAMES], groups: ['admins'] },
  })) as { id: string };
  const token = (await app.call('tokens:create', {
    connectionId,
    accountId: account.id,
    input: { name: LONG.token, expiresAt: inDays(20), maxRps: 250 },
  })) as { secret: string };
  // A few requests with it, so its Logs tab has rows, a long path among them.
  const paths = ['/api/v1/me', '/api/v1/roles', `/api/v1/domains/default/service-accounts?search=${'x'.repeat(120)}`];
  for (const path of paths) {
    await fetch(server.url + path, { headers: { authorization: `Bearer ${token.secret}` } });
  }
  await app.call('personalTokens:create', { connectionId, input: { name: LONG.personal, expiresAt: inDays(30) } });
  await app.call('groups:create', { connectionId, input: { name: LONG.group, description: LONG.description } });
  await app.call('members:create', { connectionId, input: { name: LONG.member, groups: [LONG.group] } });
  await app.call('sync:run', { connectionId });
  return { secret: token.secret };
}

/** Called at each state of the walk (a screen, a dialog, an open menu) with a name for its screenshot. */
export type Visit = (name: string) => Promise<void>;

/**
 * Every screen and every dialog, in one pass; `visit` looks at each. Works at any window size: where
 * a row's actions have folded into a menu, it opens the menu first.
 */
export async function walkApp(page: Page, visit: Visit): Promise<void> {
  const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true });

  // Connections and their dialogs.
  await nav('Connections').click();
  await expect(page.getByRole('table', { name: 'Connections' })).toBeVisible();
  await visit('connections');
  await inDialog(
    page,
    page.getByRole('button', { name: 'Add connection' }).first(),
    'Add connection',
    visit,
    'connection-add',
  );
  await inDialog(page, () => rowAction(page, `Edit ${LONG.connection}`), /Edit connection/, visit, 'connection-edit');
  await inDialog(
    page,
    () => rowAction(page, `Remove ${LONG.connection}`),
    'Remove connection?',
    visit,
    'connection-remove',
  );

  // The accounts list, with the long one found by search, and its dialogs.
  await nav('Service accounts').click();
  const count = page.getByRole('status').filter({ hasText: 'service accounts' });
  await expect(count).toHaveText(/Showing \d+ of \d+ service accounts/);
  await visit('accounts');
  await inDialog(
    page,
    page.getByRole('button', { name: 'New service account' }),
    'New service account',
    visit,
    'account-create',
  );
  await page.getByLabel('Search service accounts').fill(LONG.account);
  await expect(count).toHaveText(/Showing 1 of/);
  await visit('accounts-search');
  // Picked for a bulk change: the bar under the list.
  const pick = page.getByRole('checkbox', { name: `Select ${LONG.account}` });
  await pick.check();
  await expect(page.getByRole('region', { name: 'Selection' })).toBeVisible();
  await visit('accounts-selected');
  await pick.uncheck();
  await inDialog(page, () => rowAction(page, `Delete ${LONG.account}`), /Delete/, visit, 'account-delete');

  // The long account: each tab, and the token dialogs.
  // On its name: the middle of a row may be its switch.
  await page
    .getByRole('grid', { name: 'Service accounts' })
    .getByRole('row', { name: LONG.account })
    .click({ position: { x: 40, y: 14 } });
  await expect(page.getByRole('heading', { level: 1, name: LONG.account })).toBeVisible();
  await visit('account-info');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await visit('account-info-edit');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await inDialog(page, page.getByRole('button', { name: 'Delete account' }), /Delete/, visit, 'account-delete-header');

  await page.getByRole('tab', { name: /Tokens/ }).click();
  await expect(page.getByRole('table', { name: 'Tokens' })).toBeVisible();
  await visit('account-tokens');
  await inDialog(
    page,
    page.getByRole('button', { name: 'Generate new token' }),
    'Generate new token',
    visit,
    'token-create',
  );
  await inDialog(page, () => rowAction(page, `Max RPS for ${LONG.token}`), /Max RPS/, visit, 'token-max-rps');
  await inDialog(page, () => rowAction(page, `Delete ${LONG.token}`), /Delete/, visit, 'token-delete');
  await inDialog(page, () => rowAction(page, `Rotate ${LONG.token}`), /Rotate/, visit, 'token-rotate');

  // Create a token and look at the reveal, with Copy as… open (the secret masked in every shot).
  await page.getByRole('button', { name: 'Generate new token' }).click();
  const create = page.getByRole('dialog', { name: 'Generate new token' });
  await create.getByLabel('Name').fill(`walk-${Date.now()}`);
  await create.getByRole('button', { name: 'Generate', exact: true }).click();
  const reveal = page.getByRole('dialog', { name: 'Copy your new token' });
  await expect(reveal).toBeVisible();
  await visit('token-reveal');
  await reveal.getByRole('button', { name: 'Copy as…' }).click();
  await expect(reveal.getByRole('menu', { name: 'Copy as' })).toBeVisible();
  await visit('token-reveal-copy-as');
  await page.keyboard.press('Escape');
  await expect(reveal.getByRole('menu', { name: 'Copy as' })).toBeHidden();
  await reveal.getByRole('button', { name: 'Save to…' }).click();
  const saveTo = page.getByRole('dialog', { name: 'Save to a password manager' });
  await expect(saveTo.getByRole('radio', { name: /KeePass database/ })).toBeChecked();
  await visit('token-save-to');
  await saveTo.getByRole('button', { name: 'Cancel' }).click();
  await expect(saveTo).toBeHidden();
  await reveal.getByLabel('I have stored this token in a safe place').check();
  await reveal.getByRole('button', { name: 'Done' }).click();
  await expect(reveal).toBeHidden();

  await page.getByRole('tab', { name: 'Permissions' }).click();
  await visit('account-permissions');
  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(page.getByRole('table', { name: 'Requests' })).toContainText('/api/v1/roles');
  await visit('account-logs');

  // Personal tokens.
  await nav('Personal tokens').click();
  await expect(page.getByRole('table', { name: 'Personal tokens' })).toBeVisible();
  await visit('personal-tokens');
  await inDialog(
    page,
    page.getByRole('button', { name: 'Create token' }),
    'Create personal token',
    visit,
    'personal-token-create',
  );
  await inDialog(page, () => rowAction(page, `Delete ${LONG.personal}`), /Delete/, visit, 'personal-token-delete');

  // Members and groups.
  await nav('Members').click();
  await expect(page.getByRole('table', { name: 'Members' })).toBeVisible();
  await visit('members');
  await inDialog(page, page.getByRole('button', { name: 'Add member' }), 'Add member', visit, 'member-add');
  await inDialog(page, () => rowAction(page, `Edit ${LONG.member}`), /Edit member/, visit, 'member-edit');
  await inDialog(page, () => rowAction(page, `Delete ${LONG.member}`), /Delete/, visit, 'member-delete');
  await inDialog(page, page.getByRole('button', { name: 'New group' }), 'New group', visit, 'group-add');
  await inDialog(page, () => rowAction(page, `Edit group ${LONG.group}`), /Edit group/, visit, 'group-edit');
  await inDialog(page, () => rowAction(page, `Delete group ${LONG.group}`), /Delete/, visit, 'group-delete');

  // Audit, with one event's changes open.
  await nav('Audit').click();
  await expect(page.getByRole('table', { name: 'Audit events' })).toBeVisible();
  await page
    .getByRole('button', { name: /^Show changes of / })
    .first()
    .click();
  await visit('audit');

  // Attention: the groups, Export…, Scan a folder… with its results, and a bulk change's dialogs.
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^Attention/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Attention', level: 1 })).toBeVisible();
  await visit('attention');
  await inDialog(
    page,
    page.getByRole('button', { name: 'Export…' }),
    'Export what needs attention',
    visit,
    'attention-export',
  );
  await page.getByRole('button', { name: 'Scan a folder…' }).click();
  const scan = page.getByRole('dialog', { name: 'Scan a folder for leaked tokens' });
  await scan.getByRole('button', { name: 'Choose a folder…' }).click();
  await expect(scan.getByRole('table', { name: 'Tokens found' })).toBeVisible();
  await visit('scan-results');
  await page.keyboard.press('Escape');
  await expect(scan).toBeHidden();
  const token = page.getByRole('checkbox', { name: `Select ${LONG.token} of ${LONG.account}` });
  await token.check();
  await visit('attention-selected');
  await inDialog(
    page,
    page.getByRole('button', { name: 'Suspend…' }),
    'Suspend tokens: dry run',
    visit,
    'bulk-dry-run',
  );
  await inDialog(page, page.getByRole('button', { name: 'Set expiry…' }), 'Set an expiry', visit, 'bulk-expiry');
  await page.getByRole('button', { name: 'Clear selection' }).click();

  await nav('Settings').click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await visit('settings');

  // The lock: set up in Settings, then the lock screen the window reloads to, then unlocked again.
  const lock = page.getByRole('region', { name: 'Lock' });
  await lock.getByLabel('Passphrase', { exact: true }).fill(WALK_PASSPHRASE);
  await lock.getByLabel('Repeat the passphrase').fill(WALK_PASSPHRASE);
  await lock.getByRole('button', { name: 'Turn on the lock' }).click();
  await expect(lock.getByText('The lock is on.')).toBeVisible();
  await visit('settings-lock-on');
  await lock.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByRole('heading', { name: 'TokenDesk is locked' })).toBeVisible();
  await visit('lock-screen');
  await page.getByLabel('Passphrase').fill(WALK_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(nav('Settings')).toBeVisible({ timeout: 15_000 });
}

const WALK_PASSPHRASE = 'layout walk passphrase';

/** Opens a dialog, visits it, and cancels it (Escape), checking it closed. */
async function inDialog(
  page: Page,
  opener: Locator | (() => Promise<void>),
  title: string | RegExp,
  visit: Visit,
  name: string,
): Promise<void> {
  if (typeof opener === 'function') await opener();
  else await opener.click();
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  await visit(name);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
}

/**
 * Clicks a row's action by its accessible name ("Delete ci-main"). Where the window is too narrow
 * for the row's buttons they sit in the row's "Actions for …" menu: it is opened first.
 */
export async function rowAction(page: Page, name: string): Promise<void> {
  const direct = page.getByRole('button', { name, exact: true });
  if (await direct.isVisible()) {
    await direct.click();
    return;
  }
  const item = page.getByRole('menuitem', { name, exact: true });
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: /^Actions for / }) });
  const menus = row.getByRole('button', { name: /^Actions for / });
  for (const menu of await menus.all()) {
    if (!(await menu.isVisible())) continue;
    await menu.click();
    if (await item.isVisible()) {
      await item.click();
      return;
    }
    await page.keyboard.press('Escape');
  }
  throw new Error(`No button or menu item "${name}"`);
}
