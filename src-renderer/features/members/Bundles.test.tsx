import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../../src-shared/api/bundles.js';
import type { Member } from '../../../src-shared/api/directory.js';
import { SELF_VIA_BUNDLE_REASON } from '../../../src-shared/authz.js';
import { effectivePermissions } from '../../../src-shared/permissions.js';
import { PERMISSIONS } from '../../../src-shared/roles.js';
import { renderApp } from '../../test-support/app.js';
import { expectBlocked } from '../../test-support/assertions.js';
import { settle } from '../../test-support/connected.js';
import { bundle, DAY, group, iso, NOW } from '../../test-support/fixtures.js';
import { openDialog } from '../../test-support/screen-parts.js';
import { pinClock } from '../../test-support/tokens-setup.js';
import { fill } from '../../test-support/user.js';
import { WHAT_A_BUNDLE_IS } from './BundlesSection.js';

pinClock();

function member(partial: Partial<Member> & { id: string; name: string }): Member {
  return {
    type: 'HUMAN',
    roles: ['Viewer'],
    bundles: [],
    groups: ['data'],
    enabled: true,
    createdAt: iso(NOW - 9 * DAY),
    ...partial,
  };
}

type Options = { me?: Parameters<typeof renderApp>[0]['me']; bundles?: Bundle[]; members?: Member[] };

function openMembers(options: Options = {}) {
  return renderApp({
    route: { name: 'members' },
    ...(options.me ? { me: options.me } : {}),
    members: options.members ?? [
      member({ id: 'm1', name: 'admin', roles: ['Admin'], groups: ['admins'] }),
      member({ id: 'm2', name: 'dana', bundles: ['auditors'] }),
    ],
    groups: [group('admins'), group('platform', { bundles: ['auditors'] }), group('data')],
    bundles: options.bundles ?? [
      bundle('auditors', { description: 'Read the audit log', permissions: ['audit.read'] }),
    ],
  });
}

const bundlesTable = () => screen.getByRole('table', { name: 'Bundles' });
const bundleRow = (name: string) =>
  within(bundlesTable()).getByRole('row', { name: new RegExp(`^${name.replace(/[.]/g, '\\.')}\\b`) });

const VIEWER = { roles: ['Viewer' as const], permissions: effectivePermissions({ roles: ['Viewer'] }) };

describe('Bundles under Members', () => {
  it('with none yet, explains what a bundle is', async () => {
    await openMembers({ bundles: [] });
    const empty = screen.getByRole('region', { name: 'No bundles yet' });
    expect(within(empty).getByText(WHAT_A_BUNDLE_IS)).toBeVisible();
    expect(WHAT_A_BUNDLE_IS).toMatch(/^A bundle is a named set of permissions, a custom role/);
    expect(screen.getByRole('button', { name: 'New bundle' })).toBeEnabled();
  });

  it('lists name, description, permissions and who holds it (people and groups)', async () => {
    await openMembers();
    const row = bundleRow('auditors');
    expect(within(row).getByText('Read the audit log')).toBeVisible();
    expect(within(row).getByText('audit.read')).toBeVisible();
    expect(within(row).getByText('dana')).toBeVisible();
    expect(within(row).getByText('platform')).toBeVisible();
  });

  it('a bundle with many permissions shows three chips and a count of the rest; one held by no one says so', async () => {
    await openMembers({ bundles: [bundle('everything', { permissions: [...PERMISSIONS] })] });
    const row = bundleRow('everything');
    expect(within(row).getByText('+4')).toHaveAccessibleName(`and 4 more: ${PERMISSIONS.slice(3).join(', ')}`);
    expect(within(row).getByText('No one yet')).toBeVisible();
  });

  it('an Admin creates a bundle from the catalogue, by resource, with each permission’s IOMETE name', async () => {
    const { bridge, user } = await openMembers();
    const dialog = await openDialog(user, 'New bundle');
    const tokens = within(dialog).getByRole('group', { name: 'Tokens' });
    const manage = within(tokens).getByRole('checkbox', { name: /^access_token\.manage/ });
    expect(manage).toHaveAccessibleName(/MANAGE_ACCESS_TOKEN/);
    expect(within(tokens).getByText(/^Issue, suspend, rate-cap, rotate and revoke tokens/)).toBeVisible();
    // Nothing ticked: the shared schema's words, and nothing sent.
    await fill(user, within(dialog).getByLabelText('Name'), 'token-operators');
    await user.click(within(dialog).getByRole('button', { name: 'Create bundle' }));
    expect(within(dialog).getByText('Choose at least one permission.')).toBeVisible();
    expect(bridge.calls.some((c) => c.fn === 'bundles.create')).toBe(false);
    await user.click(manage);
    await user.click(within(dialog).getByRole('checkbox', { name: /^service_account\.read/ }));
    await fill(user, within(dialog).getByLabelText(/^Description/), 'IOMETE v2 token managers');
    await user.click(within(dialog).getByRole('button', { name: 'Create bundle' }));
    await settle();
    expect(bridge.calls.find((c) => c.fn === 'bundles.create')?.request).toMatchObject({
      input: {
        name: 'token-operators',
        description: 'IOMETE v2 token managers',
        permissions: ['service_account.read', 'access_token.manage'],
      },
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(within(bundleRow('token-operators')).getByText('access_token.manage')).toBeVisible();
  });

  it('a name already taken is refused before anything is sent', async () => {
    const { bridge, user } = await openMembers();
    const dialog = await openDialog(user, 'New bundle');
    await fill(user, within(dialog).getByLabelText('Name'), 'auditors');
    await user.tab();
    expect(within(dialog).getByText('A bundle with that name already exists.')).toBeVisible();
    expect(bridge.calls.some((c) => c.fn === 'bundles.create')).toBe(false);
  });

  it('edits a bundle (its name fixed) and deletes it with a confirm that says who loses what', async () => {
    const { bridge, user } = await openMembers();
    const dialog = await openDialog(user, 'Edit bundle auditors');
    expect(within(dialog).queryByLabelText('Name')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('checkbox', { name: /^log\.read/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await settle();
    expect(bridge.calls.find((c) => c.fn === 'bundles.update')?.request).toMatchObject({
      name: 'auditors',
      patch: { permissions: ['audit.read', 'log.read'] },
    });
    expect(within(bundleRow('auditors')).getByText('log.read')).toBeVisible();

    const confirm = await openDialog(user, 'Delete bundle auditors', 'Delete bundle auditors?');
    expect(confirm).toHaveTextContent(
      'dana, and everyone in the platform group will lose audit.read and log.read at once, unless a role or another bundle also gives it to them.',
    );
    await user.click(within(confirm).getByRole('button', { name: 'Delete bundle' }));
    await settle();
    expect(bridge.state.snapshots.c1?.bundles).toEqual([]);
    // Taken off the member and the group too, as the server does.
    expect(bridge.state.snapshots.c1?.members.find((m) => m.id === 'm2')?.bundles).toEqual([]);
    expect(screen.getByRole('region', { name: 'No bundles yet' })).toBeVisible();
  });

  it('is read-only for a non-Admin, who is told why in the shared words', async () => {
    await openMembers({ me: VIEWER });
    expect(
      screen.getByText('You can see the bundles but not change them. Only members with the Admin role can do this.'),
    ).toBeVisible();
    expect(within(bundleRow('auditors')).getByText('audit.read')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'New bundle' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit bundle auditors' })).not.toBeInTheDocument();
  });

  it('the member dialog grants and revokes bundles; one beyond the granter’s own permissions is disabled', async () => {
    // Manages members through a bundle, without audit.read: the auditors bundle is beyond them.
    const bundles = [
      bundle('people-admins', { permissions: ['member.read', 'member.manage'] }),
      bundle('auditors', { permissions: ['audit.read'] }),
    ];
    const me = {
      roles: [],
      permissions: effectivePermissions({ roles: [], bundles }).filter((p) => p.permission !== 'audit.read'),
    };
    const { bridge, user } = await openMembers({
      me,
      bundles,
      members: [
        member({ id: 'm1', name: 'admin', roles: [], bundles: ['people-admins'] }),
        member({ id: 'm2', name: 'dana' }),
        member({ id: 'm3', name: 'ada', roles: ['Admin'] }),
      ],
    });
    const dialog = await openDialog(user, 'Edit dana', 'Edit member dana');
    const bundlesField = within(dialog).getByRole('group', { name: 'Bundles' });
    expectBlocked(
      within(bundlesField).getByRole('checkbox', { name: /^auditors/ }),
      'You can only give permissions you have yourself; the auditors bundle (audit.read) goes beyond yours.',
    );
    await user.click(within(bundlesField).getByRole('checkbox', { name: /^people-admins/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await settle();
    // Only the bundles changed: one call, the whole new set.
    expect(bridge.calls.filter((c) => c.fn.startsWith('members.')).map((c) => c.fn)).toEqual(['members.setBundles']);
    expect(bridge.calls.find((c) => c.fn === 'members.setBundles')?.request).toMatchObject({
      id: 'm2',
      bundles: ['people-admins'],
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(within(bundleRow('people-admins')).getByText('dana')).toBeVisible();
  });

  it('putting a person into a group that holds a bundle beyond the user’s own is disabled; leaving one is not', async () => {
    const bundles = [
      bundle('people-admins', { permissions: ['member.read', 'member.manage'] }),
      bundle('auditors', { permissions: ['audit.read'] }),
    ];
    const me = { roles: [], permissions: effectivePermissions({ roles: [], bundles: [bundles[0]!] }) };
    const { user } = await openMembers({
      me,
      bundles,
      members: [
        member({ id: 'm1', name: 'admin', roles: [], bundles: ['people-admins'] }),
        member({ id: 'm2', name: 'dana', groups: ['data'] }),
        member({ id: 'm3', name: 'erik', groups: ['platform'] }),
      ],
    });
    const reason =
      'You can only give permissions you have yourself; the auditors bundle (audit.read) goes beyond yours.';
    let dialog = await openDialog(user, 'Edit dana', 'Edit member dana');
    const platform = () =>
      within(within(dialog).getByRole('group', { name: 'Groups' })).getByRole('checkbox', { name: 'platform' });
    expect(platform()).toBeDisabled();
    expect(platform()).toHaveAttribute('title', reason);
    expect(platform()).toHaveAccessibleDescription(`platform: ${reason}`);
    expect(within(dialog).getByText(`platform: ${reason}`)).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    // erik is in platform already: keeping or leaving it hands nothing out.
    dialog = await openDialog(user, 'Edit erik', 'Edit member erik');
    expect(platform()).toBeEnabled();
  });

  it('a manager through a bundle cannot enable again a person who holds more than they do', async () => {
    const bundles = [
      bundle('people-admins', { permissions: ['member.read', 'member.manage'] }),
      bundle('auditors', { permissions: ['audit.read'] }),
    ];
    const me = { roles: [], permissions: effectivePermissions({ roles: [], bundles: [bundles[0]!] }) };
    await openMembers({
      me,
      bundles,
      members: [
        member({ id: 'm1', name: 'admin', roles: [], bundles: ['people-admins'] }),
        member({ id: 'm2', name: 'dana', roles: [], bundles: ['auditors'], enabled: false }),
        member({ id: 'm3', name: 'erik', roles: [], groups: ['platform'], enabled: false }),
        member({ id: 'm4', name: 'fay', roles: [], groups: ['data'], enabled: false }),
      ],
    });
    const switchOf = (name: string) => screen.getByRole('switch', { name: `${name} enabled` });
    const reason =
      'You can only give permissions you have yourself; the auditors bundle (audit.read) goes beyond yours.';
    // Their own bundle, or their group's (platform holds auditors).
    for (const name of ['dana', 'erik']) {
      expect(switchOf(name)).toBeDisabled();
      expect(switchOf(name)).toHaveAttribute('title', reason);
    }
    expect(switchOf('fay')).toBeEnabled();
  });

  it('taking member.manage from its last holder through a bundle is refused before the click', async () => {
    const bundles = [bundle('people-admins', { permissions: ['member.read', 'member.manage'] })];
    const { bridge, user } = await openMembers({
      bundles,
      members: [
        member({ id: 'm1', name: 'admin', roles: ['Viewer'], bundles: ['people-admins'] }),
        member({ id: 'm2', name: 'dana' }),
      ],
      me: { roles: ['Viewer'], permissions: effectivePermissions({ roles: ['Viewer'], bundles }) },
    });
    const own = await openDialog(user, 'Edit admin', 'Edit member admin');
    await user.click(within(own).getByRole('checkbox', { name: /^people-admins/ }));
    // Their member.manage comes from the bundle alone, so the reason names bundles, not a role.
    expectBlocked(within(own).getByRole('button', { name: 'Save' }), SELF_VIA_BUNDLE_REASON);
    expect(bridge.calls.some((c) => c.fn === 'members.setBundles')).toBe(false);
  });

  it('the group dialog grants a bundle to everyone in the group', async () => {
    const { bridge, user } = await openMembers();
    const edit = await openDialog(user, 'Edit group admins');
    await user.click(within(edit).getByRole('checkbox', { name: /^auditors/ }));
    expect(within(edit).getByText(/^Every person in the group holds each bundle’s permissions/)).toBeVisible();
    await user.click(within(edit).getByRole('button', { name: 'Save' }));
    await settle();
    expect(bridge.calls.filter((c) => c.fn.startsWith('groups.')).map((c) => c.request)).toEqual([
      { connectionId: 'c1', name: 'admins', bundles: ['auditors'] },
    ]);
    expect(within(bundleRow('auditors')).getByText('admins')).toBeVisible();
  });

  it('a new group is made with its bundles; when the grant fails, trying again only grants', async () => {
    const { bridge, user } = await openMembers();
    const add = await openDialog(user, 'New group');
    await fill(user, within(add).getByLabelText('Name'), 'auditing');
    await user.click(within(add).getByRole('checkbox', { name: /^auditors/ }));
    bridge.state.failNext['groups.setBundles'] = { code: 'offline', message: 'The server did not answer.' };
    await user.click(within(add).getByRole('button', { name: 'Create group' }));
    await settle();
    expect(within(add).getByText(/Could not change the bundles/)).toBeVisible();
    await user.click(within(add).getByRole('button', { name: 'Create group' }));
    await settle();
    expect(bridge.calls.filter((c) => c.fn.startsWith('groups.')).map((c) => c.fn)).toEqual([
      'groups.create',
      'groups.setBundles',
      'groups.setBundles',
    ]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(within(bundleRow('auditors')).getByText('auditing')).toBeVisible();
  });
});
