import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAME_GROUP_CHANGE_MESSAGE } from '../../../src-shared/authz.js';
import { NAME_IMMUTABLE_MESSAGE } from '../../../src-shared/api/service-accounts.js';
import type { Snapshot } from '../../../src-shared/ipc/models.js';
import { permissionsOf } from '../../../src-shared/roles.js';
import { App } from '../../app/App.js';
import { UNAVAILABLE_OFFLINE } from '../../components/use-can-change.js';
import { useAppStore } from '../../store/app-store.js';
import { queryClient } from '../../data/query-client.js';
import { queryKeys } from '../../data/query-keys.js';
import { gate, setupConnected, settle, tick } from '../../test-support/connected.js';
import { account, detail, token } from '../../test-support/fixtures.js';
import { fakeViewport } from '../../test-support/layout.js';

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
const admin = { roles: ['Admin' as const], groups: ['platform', 'data'], permissions: permissionsOf(['Admin']) };

const openDetail = { name: 'account', accountId: 'sa1', tab: 'info' } as const;
const switchOf = (name: string) => screen.getByRole<HTMLButtonElement>('switch', { name });
const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });

describe('enable/disable', () => {
  it('flips at once and rolls back with the server’s message when refused (list row)', async () => {
    const bridge = setupConnected({ accounts, details, me: admin });
    render(<App />);
    const held = gate();
    bridge.state.holds['accounts.update'] = held.promise;
    bridge.state.failNext['accounts.update'] = {
      code: 'conflict',
      message: 'billing_export is locked by a running export.',
    };

    fireEvent.click(switchOf('billing_export enabled'));
    await tick();
    expect(switchOf('billing_export enabled').getAttribute('aria-checked')).toBe('false');
    expect(switchOf('billing_export enabled').getAttribute('aria-busy')).toBe('true');
    expect(bridge.calls.find((c) => c.fn === 'accounts.update')?.request).toEqual({
      connectionId: 'c1',
      id: 'sa2',
      patch: { enabled: false },
    });

    held.release();
    await settle();
    expect(switchOf('billing_export enabled').getAttribute('aria-checked')).toBe('true');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Could not disable billing_export; it is still enabled.');
    expect(alert.textContent).toContain('billing_export is locked by a running export.');
    // Opening the row was not part of the click.
    expect(useAppStore.getState().route).toEqual({ name: 'accounts' });
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    await tick();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a Power User may disable an account with roles beyond theirs but not enable it again', () => {
    const rootBot = account({ id: 'sa7', name: 'root_bot', roles: ['Admin'], groups: ['platform'], enabled: false });
    const liveRoot = account({ id: 'sa8', name: 'live_root', roles: ['Admin'], groups: ['platform'] });
    setupConnected({
      accounts: [rootBot, liveRoot, ci],
      details,
      me: { roles: ['Power User'], groups: ['platform'], permissions: permissionsOf(['Power User']) },
    });
    render(<App />);
    expect(switchOf('root_bot enabled').disabled).toBe(true);
    expect(switchOf('root_bot enabled').title).toBe(
      'You can only give roles whose permissions you have yourself; Admin goes beyond yours.',
    );
    expect(switchOf('live_root enabled').disabled).toBe(false);
    expect(switchOf('ci_deployer enabled').disabled).toBe(false);
  });

  it('keeps the new state when the server agrees, from the answer alone: no reload, no sync', async () => {
    const bridge = setupConnected({ accounts, details, me: admin, route: openDetail });
    render(<App />);
    await settle();
    const before = bridge.calls.length;
    fireEvent.click(switchOf('Enabled'));
    await tick();
    expect(switchOf('Enabled').getAttribute('aria-checked')).toBe('false');
    await settle();
    expect(switchOf('Enabled').getAttribute('aria-checked')).toBe('false');
    expect(bridge.calls.slice(before).map((c) => c.fn)).toEqual(['accounts.update']);
    const listed = queryClient.getQueryData<Snapshot>(queryKeys.snapshot('c1'));
    expect(listed?.accounts.find((a) => a.id === 'sa1')?.enabled).toBe(false);
  });

  it('one toggle in the list: the patch call out, one small snapshot:changed in, the list never read again', async () => {
    const bridge = setupConnected({ accounts, details, me: admin });
    render(<App />);
    await settle();
    const calls = bridge.calls.length;
    const changes = bridge.changes.length;
    fireEvent.click(switchOf('billing_export enabled'));
    await settle();
    expect(switchOf('billing_export enabled').getAttribute('aria-checked')).toBe('false');
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
    const bridge = setupConnected({ accounts, details, me: admin, route: openDetail });
    render(<App />);
    await settle();
    bridge.state.failNext['accounts.update'] = { code: 'forbidden', message: 'Your roles do not allow this.' };
    fireEvent.click(switchOf('Enabled'));
    await settle();
    expect(switchOf('Enabled').getAttribute('aria-checked')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('Could not disable ci_deployer; it is still enabled.');
    expect(screen.getByRole('alert').textContent).toContain('Your roles do not allow this.');
  });
});

describe('delete', () => {
  it('enables Delete only once the exact name is typed, then goes back to the list without the account', async () => {
    const bridge = setupConnected({ accounts, details, me: admin, route: openDetail });
    render(<App />);
    await settle();
    fireEvent.click(button('Delete account'));
    const dialog = screen.getByRole('dialog', { name: 'Delete ci_deployer?' });
    expect(dialog.textContent).toContain('This also deletes its 3 tokens.');
    expect(dialog.textContent).toContain('remove its tokens from any project, code base or third-party platform');
    const confirm = within(dialog).getByLabelText('Type ci_deployer to confirm');
    const remove = within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Delete' });
    expect(remove.disabled).toBe(true);
    fireEvent.change(confirm, { target: { value: 'ci_deploye' } });
    expect(remove.disabled).toBe(true);
    fireEvent.change(confirm, { target: { value: 'CI_DEPLOYER' } });
    expect(remove.disabled).toBe(true);
    fireEvent.change(confirm, { target: { value: 'ci_deployer' } });
    expect(remove.disabled).toBe(false);
    fireEvent.click(remove);
    await settle();
    expect(bridge.calls.find((c) => c.fn === 'accounts.remove')?.request).toEqual({ connectionId: 'c1', id: 'sa1' });
    expect(useAppStore.getState().route).toEqual({ name: 'accounts' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('row', { name: 'ci_deployer' })).toBeNull();
    expect(screen.getByRole('row', { name: 'billing_export' })).toBeTruthy();
  });

  it('starts from a row’s trash button, says when there are no tokens, and shows a refusal in the dialog', async () => {
    const bridge = setupConnected({ accounts, details, me: admin });
    render(<App />);
    fireEvent.click(button('Delete billing_export'));
    expect(useAppStore.getState().route).toEqual({ name: 'accounts' });
    const dialog = screen.getByRole('dialog', { name: 'Delete billing_export?' });
    expect(dialog.textContent).toContain('It has no tokens.');
    bridge.state.failNext['accounts.remove'] = { code: 'not_same_group', message: SAME_GROUP_CHANGE_MESSAGE };
    fireEvent.change(within(dialog).getByLabelText('Type billing_export to confirm'), {
      target: { value: 'billing_export' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await settle();
    expect(within(dialog).getByRole('alert').textContent).toBe(`Could not delete: ${SAME_GROUP_CHANGE_MESSAGE}`);
    expect(screen.getByRole('row', { name: 'billing_export' })).toBeTruthy();
  });
});

describe('pre-flight', () => {
  const viewerReason = 'Your roles do not allow you to change service accounts (it needs service_account.manage).';

  it('a Viewer sees every change disabled, with the reason', async () => {
    setupConnected({
      accounts,
      details,
      me: { roles: ['Viewer'], permissions: permissionsOf(['Viewer']), groups: ['platform'] },
    });
    render(<App />);
    const create = button('New service account');
    expect(create.disabled).toBe(true);
    const createReason = 'Your roles do not allow you to create service accounts (it needs service_account.manage).';
    expect(create.title).toBe(createReason);
    expect(screen.getByText(createReason)).toBeTruthy();
    expect(switchOf('ci_deployer enabled').disabled).toBe(true);
    expect(switchOf('ci_deployer enabled').title).toBe(viewerReason);
    expect(button('Delete ci_deployer').disabled).toBe(true);
    expect(button('Delete ci_deployer').title).toBe(viewerReason);

    fireEvent.click(screen.getByRole('row', { name: 'ci_deployer' }));
    await settle();
    expect(switchOf('Enabled').disabled).toBe(true);
    expect(button('Delete account').disabled).toBe(true);
    expect(button('Edit').disabled).toBe(true);
    expect(button('Edit').title).toBe(viewerReason);
    expect(screen.getByText(viewerReason)).toBeTruthy();
  });

  it('a manager outside the account’s groups may not change it, but may change one of their groups', async () => {
    setupConnected({
      accounts,
      details,
      me: { roles: ['Power User'], permissions: permissionsOf(['Power User']), groups: ['data'] },
    });
    render(<App />);
    expect(button('New service account').disabled).toBe(false);
    expect(switchOf('ci_deployer enabled').disabled).toBe(true);
    expect(switchOf('ci_deployer enabled').title).toBe(SAME_GROUP_CHANGE_MESSAGE);
    expect(button('Delete ci_deployer').title).toBe(SAME_GROUP_CHANGE_MESSAGE);
    expect(switchOf('billing_export enabled').disabled).toBe(false);
    expect(button('Delete billing_export').disabled).toBe(false);

    fireEvent.click(screen.getByRole('row', { name: 'ci_deployer' }));
    await settle();
    expect(button('Edit').title).toBe(SAME_GROUP_CHANGE_MESSAGE);
    expect(button('Delete account').disabled).toBe(true);
    expect(screen.getByText(SAME_GROUP_CHANGE_MESSAGE)).toBeTruthy();
  });

  it('offline, every change is disabled as "Unavailable offline"', async () => {
    setupConnected({ accounts, details, me: admin, offline: true });
    render(<App />);
    const controls = [
      button('New service account'),
      switchOf('ci_deployer enabled'),
      switchOf('billing_export enabled'),
      button('Delete ci_deployer'),
      button('Delete billing_export'),
    ];
    for (const control of controls) {
      expect(control.disabled).toBe(true);
      expect(control.title).toBe(UNAVAILABLE_OFFLINE);
    }
    fireEvent.click(screen.getByRole('row', { name: 'ci_deployer' }));
    await settle();
    for (const control of [switchOf('Enabled'), button('Delete account'), button('Edit')]) {
      expect(control.disabled).toBe(true);
      expect(control.title).toBe(UNAVAILABLE_OFFLINE);
    }
  });
});

describe('edit in the Info tab', () => {
  it('shows the name read-only and saves only what changed', async () => {
    const bridge = setupConnected({ accounts, details, me: admin, route: openDetail });
    render(<App />);
    await settle();
    fireEvent.click(button('Edit'));
    const form = screen.getByRole('form', { name: 'Edit service account' });
    const name = within(form).getByLabelText<HTMLInputElement>('Name');
    expect(name.readOnly).toBe(true);
    expect(name.value).toBe('ci_deployer');
    expect(form.textContent).toContain("The name can't be changed");
    expect(form.textContent).toContain(NAME_IMMUTABLE_MESSAGE);
    const save = within(form).getByRole<HTMLButtonElement>('button', { name: 'Save' });
    expect(save.disabled).toBe(true);

    fireEvent.change(within(form).getByLabelText('Description'), { target: { value: 'Deploys main' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: /^Viewer/ }));
    fireEvent.click(within(form).getByRole('switch', { name: 'Basic Auth' }));
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await settle();
    expect(bridge.calls.find((c) => c.fn === 'accounts.update')?.request).toEqual({
      connectionId: 'c1',
      id: 'sa1',
      patch: { description: 'Deploys main', roles: ['Deployment', 'Viewer'], basicAuthEnabled: true },
    });
    expect(screen.queryByRole('form', { name: 'Edit service account' })).toBeNull();
    const panel = screen.getByRole('tabpanel');
    expect(panel.textContent).toContain('Deploys main');
    expect(within(panel).getByText('On')).toBeTruthy();
  });

  it('shows a refusal in the server’s words, in the form', async () => {
    const bridge = setupConnected({ accounts, details, me: admin, route: openDetail });
    render(<App />);
    await settle();
    fireEvent.click(button('Edit'));
    bridge.state.failNext['accounts.update'] = {
      code: 'validation_failed',
      message: 'The request body is not valid. groups.0: Unknown group "nope".',
      details: [{ in: 'body', path: 'groups.0', code: 'custom', message: 'Unknown group "nope".' }],
    };
    const form = screen.getByRole('form', { name: 'Edit service account' });
    fireEvent.click(within(form).getByRole('checkbox', { name: /^data/ }));
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await settle();
    expect(within(form).getByRole('alert').textContent).toBe(
      'Could not save: The request body is not valid. groups.0: Unknown group "nope".',
    );
    expect(within(form).getByText('Unknown group "nope".')).toBeTruthy();
  });
});

describe('groups in the edit form', () => {
  const powerUser = {
    roles: ['Power User' as const],
    groups: ['platform'],
    permissions: permissionsOf(['Power User']),
  };
  const shared = account({ id: 'sa3', name: 'shared_bot', roles: ['Viewer'], groups: ['admins', 'platform'] });
  const openShared = async (me: typeof powerUser | typeof admin) => {
    setupConnected({
      accounts: [shared],
      details: { sa3: detail(shared, []) },
      me,
      route: { name: 'account', accountId: 'sa3', tab: 'info' },
    });
    render(<App />);
    await settle();
    fireEvent.click(button('Edit'));
    return within(screen.getByRole('form', { name: 'Edit service account' })).getByRole('group', { name: 'Groups' });
  };

  it('lets a Power User keep or remove a group they are not in, but not add one', async () => {
    const groups = await openShared(powerUser);
    const box = (name: string) =>
      within(groups).getByRole<HTMLInputElement>('checkbox', { name: new RegExp(`^${name}`) });
    // admins is the account's own: it may stay, or go.
    expect(box('admins').disabled).toBe(false);
    expect(box('data').disabled).toBe(true);
    expect(box('data').closest('label')?.title).toBe(
      'You can only put a service account into your own groups, and you are not in data. Other groups need member.manage.',
    );
    expect(within(groups).getByRole('note').textContent).toBe(
      'Members of admins and platform can manage this account’s tokens and act through them.',
    );
    fireEvent.click(box('admins'));
    expect(within(groups).queryByRole('note')).toBeNull();
    // Putting it back is keeping it.
    expect(box('admins').disabled).toBe(false);
  });

  it('lets an Admin add any group, naming every group that can then act through its tokens', async () => {
    const groups = await openShared(admin);
    const data = within(groups).getByRole<HTMLInputElement>('checkbox', { name: /^data/ });
    expect(data.disabled).toBe(false);
    fireEvent.click(data);
    expect(within(groups).getByRole('note').textContent).toBe(
      'Members of admins, data and platform can manage this account’s tokens and act through them.',
    );
  });
});

describe('Permissions tab', () => {
  it('lists the effective permissions grouped by role', async () => {
    const multi = account({
      id: 'sa9',
      name: 'terraform_cloud',
      roles: ['Power User', 'Viewer'],
      groups: ['platform'],
    });
    setupConnected({
      accounts: [multi],
      details: { sa9: detail(multi, []) },
      me: admin,
      route: { name: 'account', accountId: 'sa9', tab: 'permissions' },
    });
    render(<App />);
    await settle();
    const viewer = screen.getByRole('region', { name: 'Viewer permissions' });
    expect(
      within(viewer)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('code')?.textContent),
    ).toEqual(['service_account.read', 'member.read']);
    expect(screen.getByRole('region', { name: 'Power User permissions' }).textContent).toContain('audit.read');
    expect(screen.getByRole('tabpanel').textContent).toContain('6 permissions');
  });
});
