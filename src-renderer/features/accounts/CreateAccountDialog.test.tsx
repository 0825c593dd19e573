import { effectivePermissions } from '../../../src-shared/permissions.js';
import { screen, within } from '@testing-library/react';
import type { Snapshot } from '../../../src-shared/ipc/models.js';
import { describe, expect, it } from 'vitest';

import { SERVICE_ACCOUNT_NAME_RULE } from '../../../src-shared/validation.js';
import { NO_ROLE_MESSAGE } from '../../lib/account-form.js';
import { queryClient } from '../../data/query-client.js';
import { queryKeys } from '../../data/query-keys.js';
import { useAppStore } from '../../store/app-store.js';
import { renderApp } from '../../test-support/app.js';
import { exactly } from '../../test-support/assertions.js';
import { setupConnected, settle, type ConnectedOptions } from '../../test-support/connected.js';
import { errorOf } from '../../test-support/fields.js';
import { account, group } from '../../test-support/fixtures.js';
import { fakeViewport } from '../../test-support/layout.js';
import { renderWithData } from '../../test-support/render.js';
import { fill } from '../../test-support/user.js';
import { AccountsScreen } from './AccountsScreen.js';
import { FOREIGN_GROUPS_NOTE } from './GroupPicker.js';
import { openDialog } from '../../test-support/screen-parts.js';

fakeViewport('grid__scroll');

const accounts = [
  account({ id: 'sa1', name: 'ci_deployer', roles: ['Deployment'], groups: ['admins'] }),
  account({ id: 'sa5', name: 'terraform_cloud', roles: ['Power User', 'Deployment'], groups: ['admins'] }),
];

/** The accounts screen over `accounts` (and `options`), with the New service account dialog open. */
async function openNew(options: Omit<ConnectedOptions, 'accounts'> = {}) {
  const bridge = setupConnected({ accounts, ...options });
  const { user } = renderWithData(<AccountsScreen />);
  const dialog = await openDialog(user, 'New service account');
  const typeName = (value: string) => fill(user, within(dialog).getByLabelText('Name'), value);
  const box = (group: HTMLElement, name: string) =>
    within(group).getByRole('checkbox', { name: new RegExp(`^${name}`) });
  return { bridge, user, dialog, typeName, box };
}

const createButton = (dialog: HTMLElement) => within(dialog).getByRole('button', { name: 'Create' });
const preview = (dialog: HTMLElement) =>
  within(dialog).getByRole('region', { name: 'Preview of roles and permissions' });
const groupsOf = (dialog: HTMLElement) => within(dialog).getByRole('group', { name: 'Groups' });
const itemTexts = (list: HTMLElement) =>
  within(list)
    .getAllByRole('listitem')
    .map((li) => li.textContent);

describe('New service account dialog', () => {
  it('opens without errors; a field’s error shows once it was changed and left', async () => {
    const { user, dialog, typeName } = await openNew();
    const name = within(dialog).getByLabelText('Name');
    expect(within(dialog).getByText(SERVICE_ACCOUNT_NAME_RULE)).toBeVisible();
    expect(name).toHaveAccessibleDescription(SERVICE_ACCOUNT_NAME_RULE);
    expect(
      within(dialog)
        .queryAllByRole('textbox')
        .filter((box) => box.getAttribute('aria-invalid')),
    ).toEqual([]);
    expect(within(dialog).queryByText(NO_ROLE_MESSAGE)).not.toBeInTheDocument();
    expect(dialog.querySelector('.field__error')).toBeNull();

    // Not judged while typing…
    await typeName('Bad-Name');
    expect(name).not.toHaveAttribute('aria-invalid');
    // …but once the field is left.
    await user.tab();
    expect(errorOf(name)).toHaveTextContent(exactly('Not allowed: uppercase letters (B, N), “-”.'));
    expect(name).toHaveAttribute('aria-invalid', 'true');
    // The roles were not changed, so their error waits for a try to create.
    expect(within(dialog).queryByText(NO_ROLE_MESSAGE)).not.toBeInTheDocument();

    await typeName('ci_bot');
    expect(name).not.toHaveAttribute('aria-invalid');
    await user.click(within(dialog).getByRole('checkbox', { name: /^Viewer/ }));
    expect(createButton(dialog)).toBeEnabled();
  });

  it('a try to create shows every field’s error and sends nothing', async () => {
    const { bridge, user, dialog } = await openNew();
    const name = within(dialog).getByLabelText('Name');
    await user.click(createButton(dialog));
    expect(errorOf(name)).toBeVisible();
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveFocus();
    expect(within(dialog).getByText(NO_ROLE_MESSAGE)).toBeVisible();
    expect(
      within(dialog).getByText('To create it, give a valid name and at least one role or permission.'),
    ).toBeVisible();
    expect(bridge.calls.filter((c) => c.fn === 'accounts.create')).toEqual([]);
  });

  it('with input, Escape asks before discarding it; untouched, it closes at once', async () => {
    const { user, dialog, typeName } = await openNew();
    await typeName('ci_bot');
    await user.keyboard('{Escape}');
    const ask = screen.getByRole('dialog', { name: 'Discard changes?' });
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(within(dialog).getByLabelText('Name')).toHaveValue('ci_bot');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    const again = await openDialog(user, 'New service account');
    await user.keyboard('{Escape}');
    expect(again).not.toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('counts the description against 1000 characters', async () => {
    const { user, dialog } = await openNew();
    const description = within(dialog).getByLabelText('Description');
    expect(within(dialog).getByText('0/1000')).toBeVisible();
    // Pasted: 1001 key presses would only make the test slow.
    await user.click(description);
    await user.paste('x'.repeat(1001));
    expect(within(dialog).getByText('1001/1000')).toBeVisible();
    await user.tab();
    expect(errorOf(description)).toHaveTextContent(exactly('Keep the description to 1,000 characters or fewer.'));
  });

  it('previews the roles and permissions of a copy from a role, and sends the copy', async () => {
    const { bridge, user, dialog, typeName } = await openNew();
    await typeName('release_bot');
    expect(within(preview(dialog)).getByText('No roles yet.')).toBeVisible();

    await user.click(within(dialog).getByRole('radio', { name: 'Copy from a role' }));
    expect(within(dialog).getByText(/^To create it, give .*what to copy from/)).toBeVisible();
    await user.selectOptions(within(dialog).getByLabelText('Role to copy from'), 'Deployment');
    const roles = within(preview(dialog)).getByRole('list', { name: 'Resulting roles' });
    expect(itemTexts(roles)).toEqual(['Deployment']);
    const permissions = within(preview(dialog)).getByRole('list', { name: 'Resulting permissions' });
    expect(
      within(permissions)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('code')?.textContent),
    ).toEqual(['service_account.read', 'access_token.manage', 'member.read', 'log.read']);
    expect(within(dialog).getByText('Included by the copy')).toBeVisible();

    // A chosen role adds to the copy.
    await user.click(within(dialog).getByRole('checkbox', { name: /^Admin/ }));
    expect(itemTexts(roles)).toEqual(['Admin', 'Deployment']);
    expect(within(preview(dialog)).getByText('Permissions (7)')).toBeVisible();

    await user.click(createButton(dialog));
    await settle();
    expect(bridge.calls.find((c) => c.fn === 'accounts.create')?.request).toEqual({
      connectionId: 'c1',
      input: {
        name: 'release_bot',
        description: '',
        roles: ['Admin'],
        groups: ['admins'],
        basicAuthEnabled: false,
        copyPermissionsFrom: { role: 'Deployment' },
      },
    });
  });

  it('previews a copy from a service account found by search', async () => {
    const { user, dialog } = await openNew();
    await user.click(within(dialog).getByRole('radio', { name: 'Copy from a service account' }));
    await fill(user, within(dialog).getByLabelText('Find a service account'), 'terra');
    const list = within(dialog).getByLabelText<HTMLSelectElement>('Service account to copy from');
    expect(Array.from(list.options).map((o) => o.value)).toEqual(['sa5']);
    await user.selectOptions(list, 'sa5');
    const roles = within(preview(dialog)).getByRole('list', { name: 'Resulting roles' });
    expect(itemTexts(roles)).toEqual(['Power User', 'Deployment']);
    expect(within(preview(dialog)).getByText('Permissions (6)')).toBeVisible();
    expect(within(preview(dialog)).getByText('Includes the roles of terraform_cloud (copied).')).toBeVisible();
  });

  it('from scratch: permissions ticked one by one, with no role, go out as grants', async () => {
    const { bridge, user, dialog, typeName } = await openNew();
    await typeName('audit_reader');
    const picker = within(dialog).getByRole('group', { name: 'Permissions, one by one' });
    await user.click(within(picker).getByRole('checkbox', { name: /^audit\.read/ }));
    expect(within(preview(dialog)).getByText('No roles: granted permissions only.')).toBeVisible();
    const permissions = within(preview(dialog)).getByRole('list', { name: 'Resulting permissions' });
    expect(permissions).toHaveTextContent(/^audit\.read · granted/);
    await user.click(createButton(dialog));
    await settle();
    expect(bridge.calls.find((c) => c.fn === 'accounts.create')?.request).toEqual({
      connectionId: 'c1',
      input: {
        name: 'audit_reader',
        description: '',
        roles: [],
        grants: ['audit.read'],
        groups: ['admins'],
        basicAuthEnabled: false,
      },
    });
  });

  it('a copy that would give more than the user holds is stopped before sending, with the shared reason', async () => {
    const { bridge, user, dialog, typeName } = await openNew({
      me: { roles: ['Power User'], permissions: effectivePermissions({ roles: ['Power User'] }) },
    });
    await typeName('admin_copy');
    await user.click(within(dialog).getByRole('radio', { name: 'Copy from a role' }));
    await user.selectOptions(within(dialog).getByLabelText('Role to copy from'), 'Admin');
    const reason = 'You can only give permissions you have yourself; Admin (member.manage) goes beyond yours.';
    expect(within(dialog).getByText(exactly(reason), { selector: '.form__why' })).toBeVisible();
    expect(createButton(dialog)).toHaveAccessibleDescription(reason);
    expect(createButton(dialog)).toBeDisabled();
    await user.click(createButton(dialog));
    expect(bridge.calls.filter((c) => c.fn === 'accounts.create')).toEqual([]);
  });

  it('from scratch: a permission beyond the user’s own is offered disabled (the ceiling)', async () => {
    const { dialog } = await openNew({
      me: { roles: ['Power User'], permissions: effectivePermissions({ roles: ['Power User'] }) },
    });
    const picker = within(dialog).getByRole('group', { name: 'Permissions, one by one' });
    const manage = within(picker).getByRole('checkbox', { name: /^member\.manage/ });
    expect(manage).toBeDisabled();
    expect(manage.closest('label')).toHaveAttribute(
      'title',
      'You can only give permissions you have yourself; member.manage goes beyond yours.',
    );
    expect(within(picker).getByRole('checkbox', { name: /^audit\.read/ })).toBeEnabled();
  });

  it('shows the server’s 409 under the name field and waits for a new name', async () => {
    const { user, dialog, typeName } = await openNew();
    await typeName('ci_deployer');
    await user.click(within(dialog).getByRole('checkbox', { name: /^Viewer/ }));
    await user.click(createButton(dialog));
    await settle();
    const name = within(dialog).getByLabelText('Name');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(errorOf(name)).toHaveTextContent(exactly('A service account named "ci_deployer" already exists.'));
    expect(createButton(dialog)).toBeDisabled();
    await typeName('ci_deployer_2');
    expect(createButton(dialog)).toBeEnabled();
  });

  it('defaults groups to the admin’s own and explains the same-group rule', async () => {
    const { user, dialog, box } = await openNew({ me: { groups: ['platform'] } });
    const groups = groupsOf(dialog);
    const checked = within(groups)
      .getAllByRole('checkbox', { checked: true })
      .map((checkbox) => checkbox.parentElement?.textContent);
    expect(checked).toEqual(['platformyours']);
    expect(groups).toHaveTextContent(
      'You must share a group with a service account to change it or manage its tokens later',
    );
    await user.click(box(groups, 'platform'));
    await user.click(box(groups, 'data'));
    expect(groups).toHaveTextContent('None of these groups is yours');
  });

  it('on success closes, puts the answer in the list (no reload of it, no sync) and opens the new account', async () => {
    const { bridge, user } = await renderApp({ accounts });
    const dialog = await openDialog(user, 'New service account');
    await fill(user, within(dialog).getByLabelText('Name'), 'release_bot');
    await user.click(within(dialog).getByRole('checkbox', { name: /^Viewer/ }));
    await user.click(within(dialog).getByRole('switch', { name: 'Basic Auth' }));
    const before = bridge.calls.length;
    await user.click(createButton(dialog));
    await settle();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(useAppStore.getState().route).toMatchObject({ name: 'account', tab: 'info' });
    expect(screen.getByRole('heading', { level: 1, name: 'release_bot' })).toBeVisible();
    const after = bridge.calls.slice(before).map((c) => c.fn);
    expect(after[0]).toBe('accounts.create');
    expect(after).not.toContain('snapshot.get');
    expect(after).not.toContain('sync.run');
    const listed = queryClient.getQueryData<Snapshot>(queryKeys.snapshot('c1'));
    expect(listed?.accounts.map((a) => a.name)).toContain('release_bot');
    expect(
      bridge.state.details[String((useAppStore.getState().route as { accountId: string }).accountId)]?.basicAuthEnabled,
    ).toBe(true);
  });

  it('offers roles beyond the admin’s own permissions disabled, with the reason', async () => {
    const { dialog, box } = await openNew({
      me: { roles: ['Power User'], permissions: effectivePermissions({ roles: ['Power User'] }) },
    });
    const roles = within(dialog).getByRole('group', { name: 'Roles' });
    expect(box(roles, 'Admin')).toBeDisabled();
    expect(
      within(roles).getByText(
        'You can only give permissions you have yourself; Admin (member.manage) goes beyond yours.',
      ),
    ).toBeVisible();
    expect(box(roles, 'Power User')).toBeEnabled();
    expect(box(roles, 'Viewer')).toBeEnabled();
  });

  it('offers groups the admin is not in disabled, with the shared rule’s reason, unless they hold member.manage', async () => {
    const { dialog, box } = await openNew({
      me: { roles: ['Power User'], permissions: effectivePermissions({ roles: ['Power User'] }), groups: ['platform'] },
    });
    const groups = groupsOf(dialog);
    const reason = (names: string) =>
      `You can only put a service account into your own groups, and you are not in ${names}. Other groups need member.manage.`;
    expect(box(groups, 'platform')).toBeEnabled();
    for (const name of ['admins', 'data']) {
      expect(box(groups, name)).toBeDisabled();
      expect(box(groups, name).closest('label')).toHaveAttribute('title', reason(name));
    }
    // The summary stays one short line; each group's own reason is its tooltip.
    expect(within(groups).getByText(FOREIGN_GROUPS_NOTE)).toBeVisible();
    expect(FOREIGN_GROUPS_NOTE).toBe('Groups you are not in need member.manage.');
    expect(groups).not.toHaveTextContent(reason('admins and data'));
  });

  it('keeps the summary of groups the user is not in to one short line in a domain with 30 groups', async () => {
    setupConnected({
      accounts,
      me: { roles: ['Power User'], permissions: effectivePermissions({ roles: ['Power User'] }), groups: ['team-07'] },
    });
    const names = Array.from({ length: 30 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
    queryClient.setQueryData<Snapshot>(queryKeys.snapshot('c1'), (snap) =>
      snap ? { ...snap, groups: names.map((name) => group(name)) } : snap,
    );
    const { user } = renderWithData(<AccountsScreen />);
    const groups = groupsOf(await openDialog(user, 'New service account'));
    const summary = within(groups).getByText(FOREIGN_GROUPS_NOTE);
    expect(summary).toHaveTextContent(exactly(FOREIGN_GROUPS_NOTE));
    // No group names in it: they are on the boxes, each with its reason as a tooltip.
    expect(summary).not.toHaveTextContent(/team-/);
    const team = within(groups).getByRole('checkbox', { name: /^team-12/ });
    expect(team).toBeDisabled();
    expect(team.closest('label')).toHaveAttribute(
      'title',
      'You can only put a service account into your own groups, and you are not in team-12. Other groups need member.manage.',
    );
  });

  it('lets an Admin choose any group, and says which groups can act through the tokens of a shared account', async () => {
    const { user, dialog, box } = await openNew({ me: { groups: ['admins'] } });
    const groups = groupsOf(dialog);
    const reach = 'Members of admins and platform can manage this account’s tokens and act through them.';
    expect(within(groups).queryByRole('note')).not.toBeInTheDocument();
    const platform = box(groups, 'platform');
    expect(platform).toBeEnabled();
    await user.click(platform);
    expect(within(groups).getByRole('note')).toHaveTextContent(exactly(reach));
    await user.click(box(groups, 'admins'));
    expect(within(groups).queryByRole('note')).not.toBeInTheDocument();
  });

  it('says so too when no group is chosen and the server will use the admin’s two groups', async () => {
    const { user, dialog, box } = await openNew({ me: { groups: ['admins', 'data'] } });
    const groups = groupsOf(dialog);
    for (const name of ['admins', 'data']) await user.click(box(groups, name));
    expect(within(groups).getByRole('note')).toHaveTextContent(
      exactly('Members of admins and data can manage this account’s tokens and act through them.'),
    );
  });
});
