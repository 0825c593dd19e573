import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAME_GROUP_CHANGE_MESSAGE } from '../../../src-shared/authz.js';
import { effectivePermissions } from '../../../src-shared/permissions.js';
import { renderApp } from '../../test-support/app.js';
import { exactly } from '../../test-support/assertions.js';
import { settle } from '../../test-support/connected.js';
import { account, detail, token } from '../../test-support/fixtures.js';
import { fakeViewport } from '../../test-support/layout.js';
import { EXISTING_TOKENS_NOTE } from './PermissionChangeDialog.js';

fakeViewport('grid__scroll');

/** Deployment: service_account.read, access_token.manage, member.read, log.read; plus audit.read granted. */
const ci = account({
  id: 'sa1',
  name: 'ci_deployer',
  roles: ['Deployment'],
  grants: ['audit.read'],
  denies: [],
  groups: ['platform'],
  tokenCount: 2,
});
const details = {
  sa1: detail(ci, [token({ id: 't1', name: 'a', roles: ['Deployment'] }), token({ id: 't2', name: 'b' })]),
};
const route = { name: 'account', accountId: 'sa1', tab: 'permissions' } as const;
const person = (roles: ('Admin' | 'Power User' | 'Viewer')[], groups: string[]) => ({
  roles,
  groups,
  permissions: effectivePermissions({ roles }),
});

const box = (permission: string) =>
  screen.getByRole('checkbox', { name: new RegExp(`^${permission.replace('.', '\\.')}`) });
const section = (resource: string) => screen.getByRole('group', { name: resource });

describe('Permissions tab, editable', () => {
  it('shows every permission grouped by resource, where it comes from and what it allows', async () => {
    await renderApp({ accounts: [ci], details, me: person(['Admin'], ['platform']), route });
    for (const resource of ['Service accounts', 'Tokens', 'Members and groups', 'Audit', 'Request logs']) {
      expect(section(resource)).toBeVisible();
    }
    expect(within(section('Tokens')).getAllByRole('checkbox')).toHaveLength(1);
    expect(box('access_token.manage')).toBeChecked();
    expect(box('access_token.manage')).toHaveAccessibleName(
      /^access_token\.manage Deployment role Issue, suspend, rate-cap, rotate and revoke tokens/,
    );
    expect(box('audit.read')).toBeChecked();
    expect(box('audit.read')).toHaveAccessibleName(/^audit\.read Granted Read the audit log/);
    expect(box('member.manage')).not.toBeChecked();
    expect(box('member.manage')).toHaveAccessibleName(/^member\.manage Not held/);
  });

  it('untick a role’s permission and tick a new one: the preview lists both, Save sends grants and denies', async () => {
    const { bridge, user } = await renderApp({ accounts: [ci], details, me: person(['Admin'], ['platform']), route });
    await user.click(box('access_token.manage'));
    await user.click(box('member.manage'));
    expect(box('access_token.manage')).toHaveAccessibleName(/To be taken away/);
    expect(box('member.manage')).toHaveAccessibleName(/To be given/);
    const bar = screen.getByRole('group', { name: 'Unsaved permission changes' });
    expect(bar).toHaveTextContent('1 permission to give and 1 to take away, not saved yet.');
    // Nothing is sent before the review.
    expect(bridge.calls.filter((c) => c.fn === 'accounts.update')).toEqual([]);

    await user.click(within(bar).getByRole('button', { name: 'Review changes…' }));
    const dialog = screen.getByRole('dialog', { name: 'Save permission changes for ci_deployer?' });
    expect(dialog).toHaveAccessibleDescription(EXISTING_TOKENS_NOTE);
    expect(within(within(dialog).getByRole('region', { name: 'Gains' })).getByText('member.manage')).toBeVisible();
    expect(
      within(within(dialog).getByRole('region', { name: 'Loses' })).getByText('access_token.manage'),
    ).toBeVisible();
    expect(dialog).toHaveTextContent('Its 2 tokens follow at once.');
    expect(dialog).toHaveTextContent('After saving: granted member.manage, audit.read; denied access_token.manage.');

    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await settle();
    expect(bridge.calls.filter((c) => c.fn === 'accounts.update').map((c) => c.request)).toEqual([
      {
        connectionId: 'c1',
        id: 'sa1',
        patch: { grants: ['member.manage', 'audit.read'], denies: ['access_token.manage'] },
      },
    ]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Unsaved permission changes' })).not.toBeInTheDocument();
    // The saved account, as main answered it.
    expect(box('access_token.manage')).not.toBeChecked();
    expect(box('access_token.manage')).toHaveAccessibleName(
      /^access_token\.manage Denied \(the Deployment role would give it\)/,
    );
    expect(box('member.manage')).toBeChecked();
    expect(box('member.manage')).toHaveAccessibleName(/^member\.manage Granted/);
  });

  it('ticking back what the account holds, or Discard, leaves nothing to save', async () => {
    const { user } = await renderApp({ accounts: [ci], details, me: person(['Admin'], ['platform']), route });
    await user.click(box('log.read'));
    await user.click(box('log.read'));
    expect(screen.queryByRole('group', { name: 'Unsaved permission changes' })).not.toBeInTheDocument();
    await user.click(box('audit.read'));
    expect(box('audit.read')).not.toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    expect(box('audit.read')).toBeChecked();
    expect(screen.queryByRole('group', { name: 'Unsaved permission changes' })).not.toBeInTheDocument();
  });

  it('the ceiling: a permission the user does not hold cannot be ticked, with the shared reason', async () => {
    const { user } = await renderApp({ accounts: [ci], details, me: person(['Power User'], ['platform']), route });
    expect(box('member.manage')).toBeDisabled();
    expect(
      within(section('Members and groups')).getByText(
        exactly('You can only give permissions you have yourself; member.manage goes beyond yours.'),
      ),
    ).toBeVisible();
    // Taking a permission away needs no more than the right to change the account.
    expect(box('log.read')).toBeEnabled();
    await user.click(box('log.read'));
    expect(box('log.read')).not.toBeChecked();
  });

  it('keeps the draft and shows the server’s refusal when a save is refused', async () => {
    const { bridge, user } = await renderApp({ accounts: [ci], details, me: person(['Admin'], ['platform']), route });
    bridge.state.failNext['accounts.update'] = {
      code: 'forbidden',
      message: 'You can only give permissions you have yourself; member.manage goes beyond yours.',
      status: 403,
    };
    await user.click(box('member.manage'));
    await user.click(screen.getByRole('button', { name: 'Review changes…' }));
    const dialog = screen.getByRole('dialog', { name: 'Save permission changes for ci_deployer?' });
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await settle();
    expect(within(dialog).getByText(/member\.manage goes beyond yours/)).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    expect(box('member.manage')).toBeChecked();
    expect(screen.getByRole('group', { name: 'Unsaved permission changes' })).toBeVisible();
  });
});

describe('Permissions tab, read-only', () => {
  it('shows the same list without checkboxes, and why', async () => {
    await renderApp({ accounts: [ci], details, me: person(['Power User'], ['data']), route });
    expect(screen.queryAllByRole('checkbox')).toEqual([]);
    expect(screen.getAllByText(SAME_GROUP_CHANGE_MESSAGE).length).toBeGreaterThan(0);
    const tokens = section('Tokens');
    expect(within(tokens).getByRole('img', { name: 'Held' })).toBeVisible();
    expect(within(tokens).getByText('access_token.manage')).toBeVisible();
    expect(within(section('Members and groups')).getAllByRole('img', { name: 'Not held' })).toHaveLength(1);
    expect(section('Tokens')).toHaveAccessibleDescription(SAME_GROUP_CHANGE_MESSAGE);
  });

  it('a Viewer sees it read-only too, with the missing permission named', async () => {
    await renderApp({ accounts: [ci], details, me: person(['Viewer'], ['platform']), route });
    expect(screen.queryAllByRole('checkbox')).toEqual([]);
    expect(section('Audit')).toHaveAccessibleDescription(/needs service_account\.manage/);
  });
});

describe('an account with no role', () => {
  it('holds its grants only: the Info tab says so, the Permissions tab shows them granted', async () => {
    const scratch = account({
      id: 'sa3',
      name: 'audit_reader',
      roles: [],
      grants: ['audit.read'],
      groups: ['platform'],
    });
    const { user } = await renderApp({
      accounts: [scratch],
      details: { sa3: detail(scratch, []) },
      me: person(['Admin'], ['platform']),
      route: { name: 'account', accountId: 'sa3', tab: 'info' },
    });
    expect(screen.getByText('No roles: its granted permissions only (see the Permissions tab)')).toBeVisible();
    await user.click(screen.getByRole('tab', { name: 'Permissions' }));
    expect(screen.getByRole('tabpanel')).toHaveTextContent('1 permission (with no role, 1 granted)');
    expect(box('audit.read')).toHaveAccessibleName(/^audit\.read Granted/);
    expect(screen.getAllByRole('checkbox', { checked: true })).toHaveLength(1);
  });
});
