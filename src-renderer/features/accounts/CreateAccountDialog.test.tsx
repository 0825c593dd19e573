import { fireEvent, render, screen, within } from '@testing-library/react';
import type { Snapshot } from '../../../src-shared/ipc/models.js';
import { describe, expect, it } from 'vitest';
import { permissionsOf } from '../../../src-shared/roles.js';
import { SERVICE_ACCOUNT_NAME_RULE } from '../../../src-shared/validation.js';
import { App } from '../../app/App.js';
import { NO_ROLE_MESSAGE } from '../../lib/account-form.js';
import { queryClient } from '../../data/query-client.js';
import { queryKeys } from '../../data/query-keys.js';
import { useAppStore } from '../../store/app-store.js';
import { setupConnected, settle } from '../../test-support/connected.js';
import { account, group } from '../../test-support/fixtures.js';
import { fakeViewport } from '../../test-support/layout.js';
import { renderWithData } from '../../test-support/render.js';
import { AccountsScreen } from './AccountsScreen.js';
import { FOREIGN_GROUPS_NOTE } from './GroupPicker.js';

fakeViewport('grid__scroll');

const accounts = [
  account({ id: 'sa1', name: 'ci_deployer', roles: ['Deployment'], groups: ['admins'] }),
  account({ id: 'sa5', name: 'terraform_cloud', roles: ['Power User', 'Deployment'], groups: ['admins'] }),
];

function openDialog() {
  fireEvent.click(screen.getByRole('button', { name: 'New service account' }));
  return screen.getByRole('dialog', { name: 'New service account' });
}

const createButton = (dialog: HTMLElement) => within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Create' });
const preview = (dialog: HTMLElement) =>
  within(dialog).getByRole('region', { name: 'Preview of roles and permissions' });
const typeName = (dialog: HTMLElement, value: string) =>
  fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value } });

describe('New service account dialog', () => {
  it('checks the name live against the shared rule, with the rule as help', () => {
    setupConnected({ accounts });
    renderWithData(<AccountsScreen />);
    const dialog = openDialog();
    const name = within(dialog).getByLabelText('Name');
    expect(within(dialog).getByText(SERVICE_ACCOUNT_NAME_RULE)).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBeNull();

    typeName(dialog, 'Bad-Name');
    expect(within(dialog).getByText('Not allowed: uppercase letters (B, N), “-”.')).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(createButton(dialog).disabled).toBe(true);

    typeName(dialog, 'ci_bot');
    expect(name.getAttribute('aria-invalid')).toBeNull();
    // Still no role: the roles complaint shows once the admin has moved past the name.
    expect(within(dialog).getByText(NO_ROLE_MESSAGE)).toBeTruthy();
    expect(within(dialog).getByText('To create it, give at least one role.')).toBeTruthy();
    expect(createButton(dialog).disabled).toBe(true);

    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Viewer/ }));
    expect(createButton(dialog).disabled).toBe(false);
  });

  it('counts the description against 1000 characters', () => {
    setupConnected({ accounts });
    renderWithData(<AccountsScreen />);
    const dialog = openDialog();
    expect(within(dialog).getByText('0/1000')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Description'), { target: { value: 'x'.repeat(1001) } });
    expect(within(dialog).getByText('1001/1000')).toBeTruthy();
    expect(within(dialog).getByText('Keep the description to 1,000 characters or fewer.')).toBeTruthy();
  });

  it('previews the roles and permissions of a copy from a role, and sends the copy', async () => {
    const bridge = setupConnected({ accounts });
    renderWithData(<AccountsScreen />);
    const dialog = openDialog();
    typeName(dialog, 'release_bot');
    expect(within(preview(dialog)).getByText('No roles yet.')).toBeTruthy();

    fireEvent.click(within(dialog).getByRole('radio', { name: 'Copy from a role' }));
    expect(createButton(dialog).disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Role to copy from'), { target: { value: 'Deployment' } });
    const roles = within(preview(dialog)).getByRole('list', { name: 'Resulting roles' });
    expect(
      within(roles)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Deployment']);
    const permissions = within(preview(dialog)).getByRole('list', { name: 'Resulting permissions' });
    expect(
      within(permissions)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('code')?.textContent),
    ).toEqual(['service_account.read', 'access_token.manage', 'member.read', 'log.read']);
    expect(within(dialog).getByText('Included by the copy')).toBeTruthy();

    // A chosen role adds to the copy.
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Admin/ }));
    expect(
      within(roles)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Admin', 'Deployment']);
    expect(within(preview(dialog)).getByText('Permissions (7)')).toBeTruthy();

    fireEvent.click(createButton(dialog));
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

  it('previews a copy from a service account found by search', () => {
    setupConnected({ accounts });
    renderWithData(<AccountsScreen />);
    const dialog = openDialog();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Copy from a service account' }));
    fireEvent.change(within(dialog).getByLabelText('Find a service account'), { target: { value: 'terra' } });
    const list = within(dialog).getByLabelText<HTMLSelectElement>('Service account to copy from');
    expect(Array.from(list.options).map((o) => o.value)).toEqual(['sa5']);
    fireEvent.change(list, { target: { value: 'sa5' } });
    const roles = within(preview(dialog)).getByRole('list', { name: 'Resulting roles' });
    expect(
      within(roles)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Power User', 'Deployment']);
    expect(within(preview(dialog)).getByText('Permissions (6)')).toBeTruthy();
    expect(within(preview(dialog)).getByText('Includes the roles of terraform_cloud (copied).')).toBeTruthy();
  });

  it('shows the server’s 409 under the name field and waits for a new name', async () => {
    setupConnected({ accounts });
    renderWithData(<AccountsScreen />);
    const dialog = openDialog();
    typeName(dialog, 'ci_deployer');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Viewer/ }));
    fireEvent.click(createButton(dialog));
    await settle();
    const name = within(dialog).getByLabelText('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const error = document.getElementById(name.getAttribute('aria-describedby')!.split(' ')[0]!);
    expect(error?.textContent).toBe('A service account named "ci_deployer" already exists.');
    expect(createButton(dialog).disabled).toBe(true);
    typeName(dialog, 'ci_deployer_2');
    expect(createButton(dialog).disabled).toBe(false);
  });

  it('defaults groups to the admin’s own and explains the same-group rule', () => {
    setupConnected({ accounts, me: { groups: ['platform'] } });
    renderWithData(<AccountsScreen />);
    const dialog = openDialog();
    const groups = within(dialog).getByRole('group', { name: 'Groups' });
    const checked = within(groups)
      .getAllByRole<HTMLInputElement>('checkbox')
      .filter((box) => box.checked)
      .map((box) => box.parentElement?.textContent);
    expect(checked).toEqual(['platformyours']);
    expect(groups.textContent).toContain(
      'You must share a group with a service account to change it or manage its tokens later',
    );
    fireEvent.click(within(groups).getByRole('checkbox', { name: /platform/ }));
    fireEvent.click(within(groups).getByRole('checkbox', { name: /^data/ }));
    expect(groups.textContent).toContain('None of these groups is yours');
  });

  it('on success closes, puts the answer in the list (no reload of it, no sync) and opens the new account', async () => {
    const bridge = setupConnected({ accounts });
    render(<App />);
    const dialog = openDialog();
    typeName(dialog, 'release_bot');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Viewer/ }));
    fireEvent.click(within(dialog).getByRole('switch', { name: 'Basic Auth' }));
    const before = bridge.calls.length;
    fireEvent.click(createButton(dialog));
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(useAppStore.getState().route).toMatchObject({ name: 'account', tab: 'info' });
    expect(screen.getByRole('heading', { level: 1, name: 'release_bot' })).toBeTruthy();
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

  it('offers roles beyond the admin’s own permissions disabled, with the reason', () => {
    setupConnected({ accounts, me: { roles: ['Power User'], permissions: permissionsOf(['Power User']) } });
    renderWithData(<AccountsScreen />);
    const dialog = openDialog();
    const roles = within(dialog).getByRole('group', { name: 'Roles' });
    const admin = within(roles).getByRole<HTMLInputElement>('checkbox', { name: /^Admin/ });
    expect(admin.disabled).toBe(true);
    expect(
      within(roles).getByText('You can only give roles whose permissions you have yourself; Admin goes beyond yours.'),
    ).toBeTruthy();
    expect(within(roles).getByRole<HTMLInputElement>('checkbox', { name: /^Power User/ }).disabled).toBe(false);
    expect(within(roles).getByRole<HTMLInputElement>('checkbox', { name: /^Viewer/ }).disabled).toBe(false);
  });

  it('offers groups the admin is not in disabled, with the shared rule’s reason, unless they hold member.manage', () => {
    setupConnected({
      accounts,
      me: { roles: ['Power User'], permissions: permissionsOf(['Power User']), groups: ['platform'] },
    });
    renderWithData(<AccountsScreen />);
    const groups = within(openDialog()).getByRole('group', { name: 'Groups' });
    const box = (name: string) =>
      within(groups).getByRole<HTMLInputElement>('checkbox', { name: new RegExp(`^${name}`) });
    const reason = (names: string) =>
      `You can only put a service account into your own groups, and you are not in ${names}. Other groups need member.manage.`;
    expect(box('platform').disabled).toBe(false);
    for (const name of ['admins', 'data']) {
      expect(box(name).disabled).toBe(true);
      expect(box(name).closest('label')?.title).toBe(reason(name));
    }
    // The summary stays one short line; each group's own reason is its tooltip.
    expect(within(groups).getByText(FOREIGN_GROUPS_NOTE)).toBeTruthy();
    expect(FOREIGN_GROUPS_NOTE).toBe('Groups you are not in need member.manage.');
    expect(groups.textContent).not.toContain(reason('admins and data'));
  });

  it('keeps the summary of groups the user is not in to one short line in a domain with 30 groups', () => {
    setupConnected({
      accounts,
      me: { roles: ['Power User'], permissions: permissionsOf(['Power User']), groups: ['team-07'] },
    });
    const names = Array.from({ length: 30 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
    queryClient.setQueryData<Snapshot>(queryKeys.snapshot('c1'), (snap) =>
      snap ? { ...snap, groups: names.map((name) => group(name)) } : snap,
    );
    renderWithData(<AccountsScreen />);
    const groups = within(openDialog()).getByRole('group', { name: 'Groups' });
    const summary = within(groups).getByText(FOREIGN_GROUPS_NOTE);
    expect(summary.textContent).toBe(FOREIGN_GROUPS_NOTE);
    // No group names in it: they are on the boxes, each with its reason as a tooltip.
    expect(summary.textContent).not.toMatch(/team-/);
    const team = within(groups).getByRole<HTMLInputElement>('checkbox', { name: /^team-12/ });
    expect(team.disabled).toBe(true);
    expect(team.closest('label')?.title).toBe(
      'You can only put a service account into your own groups, and you are not in team-12. Other groups need member.manage.',
    );
  });

  it('lets an Admin choose any group, and says which groups can act through the tokens of a shared account', () => {
    setupConnected({ accounts, me: { groups: ['admins'] } });
    renderWithData(<AccountsScreen />);
    const groups = within(openDialog()).getByRole('group', { name: 'Groups' });
    const reach = 'Members of admins and platform can manage this account’s tokens and act through them.';
    expect(within(groups).queryByRole('note')).toBeNull();
    const platform = within(groups).getByRole<HTMLInputElement>('checkbox', { name: /^platform/ });
    expect(platform.disabled).toBe(false);
    fireEvent.click(platform);
    expect(within(groups).getByRole('note').textContent).toBe(reach);
    fireEvent.click(within(groups).getByRole('checkbox', { name: /^admins/ }));
    expect(within(groups).queryByRole('note')).toBeNull();
  });

  it('says so too when no group is chosen and the server will use the admin’s two groups', () => {
    setupConnected({ accounts, me: { groups: ['admins', 'data'] } });
    renderWithData(<AccountsScreen />);
    const groups = within(openDialog()).getByRole('group', { name: 'Groups' });
    for (const name of ['admins', 'data']) {
      fireEvent.click(within(groups).getByRole('checkbox', { name: new RegExp(`^${name}`) }));
    }
    expect(within(groups).getByRole('note').textContent).toBe(
      'Members of admins and data can manage this account’s tokens and act through them.',
    );
  });
});
