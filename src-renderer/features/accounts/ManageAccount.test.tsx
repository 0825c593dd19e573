import { effectivePermissions } from '../../../src-shared/permissions.js';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAME_GROUP_CHANGE_MESSAGE } from '../../../src-shared/authz.js';
import { NAME_IMMUTABLE_MESSAGE } from '../../../src-shared/api/service-accounts.js';
import type { Snapshot } from '../../../src-shared/ipc/models.js';

import { UNAVAILABLE_OFFLINE } from '../../components/use-can-change.js';
import { useAppStore } from '../../store/app-store.js';
import { queryClient } from '../../data/query-client.js';
import { queryKeys } from '../../data/query-keys.js';
import { renderApp } from '../../test-support/app.js';
import { exactly, expectBlocked } from '../../test-support/assertions.js';
import { gate, settle, tick } from '../../test-support/connected.js';
import { account, detail, token } from '../../test-support/fixtures.js';
import { fakeViewport } from '../../test-support/layout.js';
import { fill } from '../../test-support/user.js';
import { openDialog } from '../../test-support/screen-parts.js';

fakeViewport('grid__scroll');

const ci = account({
  id: 'sa1',
  name: 'ci_deployer',
  description: 'Deploys from CI',
  roles: ['Deployment'],
  groups: ['platform'],
  tokenCount: 3,
});
const billing = account({ id: 'sa2', name: 'billing_export', roles: ['Viewer'], groups: ['data'] });
const accounts = [billing, ci];
const details = {
  sa1: detail(ci, [token({ id: 't1', name: 'a' }), token({ id: 't2', name: 'b' }), token({ id: 't3', name: 'c' })]),
  sa2: detail(billing, []),
};
const admin = {
  roles: ['Admin' as const],
  groups: ['platform', 'data'],
  permissions: effectivePermissions({ roles: ['Admin'] }),
};

const openDetail = { name: 'account', accountId: 'sa1', tab: 'info' } as const;
const switchOf = (name: string) => screen.getByRole('switch', { name });
const button = (name: string) => screen.getByRole('button', { name });

describe('enable/disable', () => {
  it('flips at once and rolls back with the server’s message when refused (list row)', async () => {
    const { bridge, user } = await renderApp({ accounts, details, me: admin });
    const held = gate();
    bridge.state.holds['accounts.update'] = held.promise;
    bridge.state.failNext['accounts.update'] = {
      code: 'conflict',
      message: 'billing_export is locked by a running export.',
    };

    expect(switchOf('billing_export enabled')).toBeChecked();
    await user.click(switchOf('billing_export enabled'));
    await tick();
    expect(switchOf('billing_export enabled')).not.toBeChecked();
    expect(switchOf('billing_export enabled')).toHaveAttribute('aria-busy', 'true');
    expect(bridge.calls.find((c) => c.fn === 'accounts.update')?.request).toEqual({
      connectionId: 'c1',
      id: 'sa2',
      patch: { enabled: false },
    });

    held.release();
    await settle();
    expect(switchOf('billing_export enabled')).toBeChecked();
    expect(switchOf('billing_export enabled')).not.toHaveAttribute('aria-busy');
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Could not disable billing_export; it is still enabled.');
    expect(alert).toHaveTextContent('billing_export is locked by a running export.');
    // Opening the row was not part of the click.
    expect(useAppStore.getState().route).toEqual({ name: 'accounts' });
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    await tick();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('a Power User may disable an account with roles beyond theirs but not enable it again', async () => {
    const rootBot = account({ id: 'sa7', name: 'root_bot', roles: ['Admin'], groups: ['platform'], enabled: false });
    const liveRoot = account({ id: 'sa8', name: 'live_root', roles: ['Admin'], groups: ['platform'] });
    await renderApp({
      accounts: [rootBot, liveRoot, ci],
      details,
      me: { roles: ['Power User'], groups: ['platform'], permissions: effectivePermissions({ roles: ['Power User'] }) },
    });
    expectBlocked(
      switchOf('root_bot enabled'),
      'You can only give permissions you have yourself; Admin (member.manage) goes beyond yours.',
    );
    expect(switchOf('live_root enabled')).toBeEnabled();
    expect(switchOf('ci_deployer enabled')).toBeEnabled();
  });

  it('keeps the new state when the server agrees, from the answer alone: no reload, no sync', async () => {
    const { bridge, user } = await renderApp({ accounts, details, me: admin, route: openDetail });
    const before = bridge.calls.length;
    await user.click(switchOf('Enabled'));
    await tick();
    expect(switchOf('Enabled')).not.toBeChecked();
    await settle();
    expect(switchOf('Enabled')).not.toBeChecked();
    expect(bridge.calls.slice(before).map((c) => c.fn)).toEqual(['accounts.update']);
    const listed = queryClient.getQueryData<Snapshot>(queryKeys.snapshot('c1'));
    expect(listed?.accounts.find((a) => a.id === 'sa1')?.enabled).toBe(false);
  });

  it('one toggle in the list: the patch call out, one small snapshot:changed in, the list never read again', async () => {
    const { bridge, user } = await renderApp({ accounts, details, me: admin });
    const calls = bridge.calls.length;
    const changes = bridge.changes.length;
    await user.click(switchOf('billing_export enabled'));
    await settle();
    expect(switchOf('billing_export enabled')).not.toBeChecked();
    expect(bridge.calls.slice(calls)).toEqual([
      { fn: 'accounts.update', request: { connectionId: 'c1', id: 'sa2', patch: { enabled: false } } },
    ]);
    const received = bridge.changes.slice(changes);
    expect(received).toEqual([{ connectionId: 'c1', version: 1, changedIds: ['sa2'], directoryChanged: false }]);
    expect(JSON.stringify(received[0]).length).toBeLessThan(200);
    // The row is the answer itself; the other rows are the very objects they were.
    const listed = queryClient.getQueryData<Snapshot>(queryKeys.snapshot('c1'))!;
    expect(listed.accounts.find((a) => a.id === 'sa2')).toMatchObject({ enabled: false, updatedBy: 'admin' });
    expect(listed.accounts.find((a) => a.id === 'sa1')).toBe(ci);
  });

  it('rolls back in the detail header too, with the message beside it', async () => {
    const { bridge, user } = await renderApp({ accounts, details, me: admin, route: openDetail });
    bridge.state.failNext['accounts.update'] = { code: 'forbidden', message: 'Your roles do not allow this.' };
    await user.click(switchOf('Enabled'));
    await settle();
    expect(switchOf('Enabled')).toBeChecked();
    expect(screen.getByRole('alert')).toHaveTextContent('Could not disable ci_deployer; it is still enabled.');
    expect(screen.getByRole('alert')).toHaveTextContent('Your roles do not allow this.');
  });
});

describe('delete', () => {
  it('enables Delete only once the exact name is typed, then goes back to the list without the account', async () => {
    const { bridge, user } = await renderApp({ accounts, details, me: admin, route: openDetail });
    const dialog = await openDialog(user, 'Delete account', 'Delete ci_deployer?');
    expect(dialog).toHaveTextContent('This also deletes its 3 tokens.');
    expect(dialog).toHaveTextContent('remove its tokens from any project, code base or third-party platform');
    const confirm = within(dialog).getByLabelText('Type ci_deployer to confirm');
    const remove = within(dialog).getByRole('button', { name: 'Delete' });
    expect(remove).toBeDisabled();
    await fill(user, confirm, 'ci_deploye');
    expect(remove).toBeDisabled();
    await fill(user, confirm, 'CI_DEPLOYER');
    expect(remove).toBeDisabled();
    await fill(user, confirm, 'ci_deployer');
    expect(remove).toBeEnabled();
    await user.click(remove);
    await settle();
    expect(bridge.calls.find((c) => c.fn === 'accounts.remove')?.request).toEqual({ connectionId: 'c1', id: 'sa1' });
    expect(useAppStore.getState().route).toEqual({ name: 'accounts' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('row', { name: 'ci_deployer' })).not.toBeInTheDocument();
    expect(screen.getByRole('row', { name: 'billing_export' })).toBeVisible();
  });

  it('starts from a row’s trash button, says when there are no tokens, and shows a refusal in the dialog', async () => {
    const { bridge, user } = await renderApp({ accounts, details, me: admin });
    await user.click(button('Delete billing_export'));
    expect(useAppStore.getState().route).toEqual({ name: 'accounts' });
    const dialog = screen.getByRole('dialog', { name: 'Delete billing_export?' });
    expect(dialog).toHaveTextContent('It has no tokens. This cannot be undone.');
    // No tokens: nothing "still uses them".
    expect(dialog).not.toHaveTextContent(/uses (it|them)/);
    bridge.state.failNext['accounts.remove'] = { code: 'not_same_group', message: SAME_GROUP_CHANGE_MESSAGE };
    await fill(user, within(dialog).getByLabelText('Type billing_export to confirm'), 'billing_export');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await settle();
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      exactly(`Could not delete: ${SAME_GROUP_CHANGE_MESSAGE}`),
    );
    expect(screen.getByRole('row', { name: 'billing_export' })).toBeVisible();
  });
});

describe('pre-flight', () => {
  const viewerReason =
    'Your permissions do not allow you to change service accounts (it needs service_account.manage, which comes with the Admin or Power User role).';

  it('a Viewer sees every change disabled, with the reason', async () => {
    const { user } = await renderApp({
      accounts,
      details,
      me: { roles: ['Viewer'], permissions: effectivePermissions({ roles: ['Viewer'] }), groups: ['platform'] },
    });
    const createReason =
      'Your permissions do not allow you to create service accounts (it needs service_account.manage, which comes with the Admin or Power User role).';
    expectBlocked(button('New service account'), createReason);
    expect(screen.getByText(createReason)).toBeVisible();
    expectBlocked(switchOf('ci_deployer enabled'), viewerReason);
    expectBlocked(button('Delete ci_deployer'), viewerReason);

    await user.click(screen.getByRole('row', { name: 'ci_deployer' }));
    await settle();
    expect(switchOf('Enabled')).toBeDisabled();
    expect(button('Delete account')).toBeDisabled();
    expectBlocked(button('Edit'), viewerReason);
    expect(screen.getByText(viewerReason)).toBeVisible();
  });

  it('a manager outside the account’s groups may not change it, but may change one of their groups', async () => {
    const { user } = await renderApp({
      accounts,
      details,
      me: { roles: ['Power User'], permissions: effectivePermissions({ roles: ['Power User'] }), groups: ['data'] },
    });
    expect(button('New service account')).toBeEnabled();
    expectBlocked(switchOf('ci_deployer enabled'), SAME_GROUP_CHANGE_MESSAGE);
    expectBlocked(button('Delete ci_deployer'), SAME_GROUP_CHANGE_MESSAGE);
    expect(switchOf('billing_export enabled')).toBeEnabled();
    expect(button('Delete billing_export')).toBeEnabled();

    await user.click(screen.getByRole('row', { name: 'ci_deployer' }));
    await settle();
    expectBlocked(button('Edit'), SAME_GROUP_CHANGE_MESSAGE);
    expect(button('Delete account')).toBeDisabled();
    expect(screen.getByText(SAME_GROUP_CHANGE_MESSAGE)).toBeVisible();
  });

  it('offline, every change is disabled as "Unavailable offline"', async () => {
    const { user } = await renderApp({ accounts, details, me: admin, offline: true });
    const controls = [
      button('New service account'),
      switchOf('ci_deployer enabled'),
      switchOf('billing_export enabled'),
      button('Delete ci_deployer'),
      button('Delete billing_export'),
    ];
    for (const control of controls) expectBlocked(control, UNAVAILABLE_OFFLINE);
    await user.click(screen.getByRole('row', { name: 'ci_deployer' }));
    await settle();
    for (const control of [switchOf('Enabled'), button('Delete account'), button('Edit')]) {
      expectBlocked(control, UNAVAILABLE_OFFLINE);
    }
  });
});

describe('edit in the Info tab', () => {
  it('shows the name read-only and saves only what changed', async () => {
    const { bridge, user } = await renderApp({ accounts, details, me: admin, route: openDetail });
    await user.click(button('Edit'));
    const form = screen.getByRole('form', { name: 'Edit service account' });
    const name = within(form).getByLabelText('Name');
    expect(name).toHaveAttribute('readonly');
    expect(name).toHaveValue('ci_deployer');
    expect(form).toHaveTextContent("The name can't be changed");
    expect(form).toHaveTextContent(NAME_IMMUTABLE_MESSAGE);
    const save = within(form).getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();

    await fill(user, within(form).getByLabelText('Description'), 'Deploys main');
    await user.click(within(form).getByRole('checkbox', { name: /^Viewer/ }));
    await user.click(within(form).getByRole('switch', { name: 'Basic Auth' }));
    expect(save).toBeEnabled();
    await user.click(save);
    await settle();
    expect(bridge.calls.find((c) => c.fn === 'accounts.update')?.request).toEqual({
      connectionId: 'c1',
      id: 'sa1',
      patch: { description: 'Deploys main', roles: ['Deployment', 'Viewer'], basicAuthEnabled: true },
    });
    expect(screen.queryByRole('form', { name: 'Edit service account' })).not.toBeInTheDocument();
    const panel = screen.getByRole('tabpanel');
    expect(panel).toHaveTextContent('Deploys main');
    expect(within(panel).getByText('On')).toBeVisible();
  });

  it('shows a refusal in the server’s words, in the form', async () => {
    const { bridge, user } = await renderApp({ accounts, details, me: admin, route: openDetail });
    await user.click(button('Edit'));
    bridge.state.failNext['accounts.update'] = {
      code: 'validation_failed',
      message: 'The request body is not valid. groups.0: Unknown group "nope".',
      details: [{ in: 'body', path: 'groups.0', code: 'custom', message: 'Unknown group "nope".' }],
    };
    const form = screen.getByRole('form', { name: 'Edit service account' });
    await user.click(within(form).getByRole('checkbox', { name: /^data/ }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await settle();
    expect(within(form).getByRole('alert')).toHaveTextContent(
      exactly('Could not save: The request body is not valid. groups.0: Unknown group "nope".'),
    );
    expect(within(form).getByText('Unknown group "nope".')).toBeVisible();
  });
});

describe('groups in the edit form', () => {
  const powerUser = {
    roles: ['Power User' as const],
    groups: ['platform'],
    permissions: effectivePermissions({ roles: ['Power User'] }),
  };
  const shared = account({ id: 'sa3', name: 'shared_bot', roles: ['Viewer'], groups: ['admins', 'platform'] });
  const openShared = async (me: typeof powerUser | typeof admin) => {
    const { user } = await renderApp({
      accounts: [shared],
      details: { sa3: detail(shared, []) },
      me,
      route: { name: 'account', accountId: 'sa3', tab: 'info' },
    });
    await user.click(button('Edit'));
    const groups = within(screen.getByRole('form', { name: 'Edit service account' })).getByRole('group', {
      name: 'Groups',
    });
    return { user, groups };
  };

  it('lets a Power User keep or remove a group they are not in, but not add one', async () => {
    const { user, groups } = await openShared(powerUser);
    const box = (name: string) => within(groups).getByRole('checkbox', { name: new RegExp(`^${name}`) });
    // admins is the account's own: it may stay, or go.
    expect(box('admins')).toBeEnabled();
    expect(box('data')).toBeDisabled();
    expect(box('data').closest('label')).toHaveAttribute(
      'title',
      'You can only put a service account into your own groups, and you are not in data. Other groups need member.manage.',
    );
    expect(within(groups).getByRole('note')).toHaveTextContent(
      exactly('Members of admins and platform can manage this account’s tokens and act through them.'),
    );
    await user.click(box('admins'));
    expect(box('admins')).not.toBeChecked();
    expect(within(groups).queryByRole('note')).not.toBeInTheDocument();
    // Putting it back is keeping it.
    expect(box('admins')).toBeEnabled();
  });

  it('lets an Admin add any group, naming every group that can then act through its tokens', async () => {
    const { user, groups } = await openShared(admin);
    const data = within(groups).getByRole('checkbox', { name: /^data/ });
    expect(data).toBeEnabled();
    await user.click(data);
    expect(within(groups).getByRole('note')).toHaveTextContent(
      exactly('Members of admins, data and platform can manage this account’s tokens and act through them.'),
    );
  });
});

describe('Permissions tab', () => {
  it('lists every permission by resource, naming the roles that give each', async () => {
    const multi = account({
      id: 'sa9',
      name: 'terraform_cloud',
      roles: ['Power User', 'Viewer'],
      groups: ['platform'],
    });
    await renderApp({
      accounts: [multi],
      details: { sa9: detail(multi, []) },
      me: admin,
      route: { name: 'account', accountId: 'sa9', tab: 'permissions' },
    });
    const services = screen.getByRole('group', { name: 'Service accounts' });
    expect(within(services).getByRole('checkbox', { name: /^service_account\.read/ })).toHaveAccessibleName(
      /^service_account\.read Power User and Viewer roles /,
    );
    expect(screen.getByRole('checkbox', { name: /^audit\.read/ })).toHaveAccessibleName(
      /^audit\.read Power User role /,
    );
    expect(screen.getByRole('checkbox', { name: /^member\.manage/ })).not.toBeChecked();
    expect(screen.getByRole('tabpanel')).toHaveTextContent('6 permissions (from the Power User and Viewer roles)');
  });
});
