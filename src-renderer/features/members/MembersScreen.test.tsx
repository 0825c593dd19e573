import { effectivePermissions } from '../../../src-shared/permissions.js';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Member } from '../../../src-shared/api/directory.js';

import { useAppStore } from '../../store/app-store.js';
import { renderApp } from '../../test-support/app.js';
import { exactly, expectBlocked } from '../../test-support/assertions.js';
import { seedQueries, settle, tick } from '../../test-support/connected.js';
import { DAY, iso, NOW } from '../../test-support/fixtures.js';
import { closeReveal, revealDialog } from '../../test-support/reveal.js';
import { pinClock } from '../../test-support/tokens-setup.js';
import { fill } from '../../test-support/user.js';
import { LOSE_MEMBER_MANAGE_TEXT } from './MemberDialog.js';
import { HAND_OVER_NOTE } from './MembersScreen.js';
import { MEMBER_MANAGE_REASON } from './use-member-gate.js';
import { openDialog } from '../../test-support/screen-parts.js';

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

function openMembers(options: { viewer?: boolean; offline?: boolean; more?: Member[] } = {}) {
  return renderApp({
    offline: options.offline ?? false,
    route: { name: 'members' },
    ...(options.viewer ? { me: { roles: ['Viewer'], permissions: effectivePermissions({ roles: ['Viewer'] }) } } : {}),
    members: [
      member({ id: 'm1', name: 'admin', roles: ['Admin'], groups: ['admins'] }),
      member({ id: 'm2', name: 'dana' }),
      ...(options.more ?? []),
    ],
  });
}

const memberRow = (name: string) =>
  within(screen.getByRole('table', { name: 'Members' })).getByRole('row', { name: new RegExp(`^${name}\\b`) });

describe('Members screen', () => {
  it('adds a member and reveals their first token once, with the hand-over note, never in the store', async () => {
    const { bridge, user } = await openMembers();
    const dialog = await openDialog(user, 'Add member');
    const name = within(dialog).getByLabelText('Name');
    await fill(user, name, 'Bad Name');
    expect(name).not.toHaveAttribute('aria-invalid');
    await user.tab();
    expect(name).toHaveAttribute('aria-invalid', 'true');
    await fill(user, name, 'erin');
    expect(name).not.toHaveAttribute('aria-invalid');
    await user.click(within(dialog).getByRole('checkbox', { name: /^Deployment/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'platform' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add member' }));
    await settle();
    const sent = bridge.calls.find((c) => c.fn === 'members.create')?.request as { input: object };
    expect(sent.input).toEqual({ name: 'erin', roles: ['Deployment'], groups: ['platform'] });
    const secret = bridge.state.secretsIssued.at(-1) ?? 'missing';
    const reveal = revealDialog();
    expect(within(reveal).getByText(secret)).toBeVisible();
    expect(within(reveal).getByText(HAND_OVER_NOTE)).toBeVisible();
    expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);
    await closeReveal(user, reveal);
    expect(document.body).not.toHaveTextContent(secret);
    expect(within(memberRow('erin')).getByText('Deployment')).toBeVisible();
  });

  it('disables a member with the switch and edits roles, reading back members and groups, not the list', async () => {
    const { bridge, user } = await openMembers();
    const before = bridge.calls.length;
    expect(screen.getByRole('switch', { name: 'dana enabled' })).toBeChecked();
    await user.click(screen.getByRole('switch', { name: 'dana enabled' }));
    await settle();
    // The group counts move with a member: the two small lists are read back, once.
    expect(bridge.calls.slice(before).map((c) => c.fn)).toEqual(['members.update', 'members.list', 'groups.list']);
    expect(bridge.state.snapshots.c1?.members.find((m) => m.id === 'm2')?.enabled).toBe(false);
    expect(screen.getByRole('switch', { name: 'dana enabled' })).not.toBeChecked();
    const dialog = await openDialog(user, 'Edit dana', 'Edit member dana');
    await user.click(within(dialog).getByRole('checkbox', { name: /^Power User/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await settle();
    expect(within(memberRow('dana')).getByText('Power User')).toBeVisible();
  });

  it('creates and deletes a group', async () => {
    const { bridge, user } = await openMembers();
    const dialog = await openDialog(user, 'New group');
    await fill(user, within(dialog).getByLabelText('Name'), 'ops');
    await fill(user, within(dialog).getByLabelText(/^Description/), 'On-call people');
    await user.click(within(dialog).getByRole('button', { name: 'Create group' }));
    await settle();
    const groups = screen.getByRole('table', { name: 'Groups' });
    expect(within(groups).getByText('On-call people')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Delete group ops' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Delete group ops?' })).getByRole('button', { name: 'Delete group' }),
    );
    await settle();
    expect(bridge.state.snapshots.c1?.groups.some((g) => g.name === 'ops')).toBe(false);
    expect(within(groups).queryByText('On-call people')).not.toBeInTheDocument();
  });

  it('is read-only for a Viewer, and says why', async () => {
    await openMembers({ viewer: true });
    expect(screen.getByText(MEMBER_MANAGE_REASON)).toBeVisible();
    expect(MEMBER_MANAGE_REASON).toBe(
      'Your permissions do not allow you to manage members (it needs member.manage, which comes with the Admin role).',
    );
    expect(screen.queryByRole('button', { name: 'Add member' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New group' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit dana' })).not.toBeInTheDocument();
    expectBlocked(screen.getByRole('switch', { name: 'dana enabled' }), MEMBER_MANAGE_REASON);
    expect(within(screen.getByRole('table', { name: 'Groups' })).getByText('platform')).toBeVisible();
  });

  it('the last member who can manage members cannot drop their own Admin role: Save says why', async () => {
    // A disabled Admin does not count.
    const { bridge, user } = await openMembers({
      more: [member({ id: 'm3', name: 'ada', roles: ['Admin'], enabled: false })],
    });
    const dialog = await openDialog(user, 'Edit admin', 'Edit member admin');
    const save = within(dialog).getByRole('button', { name: 'Save' });
    await user.click(within(dialog).getByRole('checkbox', { name: /^Admin/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /^Power User/ }));
    const reason =
      'You are the last member who can manage members: without your Admin role no one could. Give another member the Admin role, or a bundle with member.manage, first.';
    expectBlocked(save, reason);
    expect(within(dialog).getByText(reason)).toBeVisible();
    await user.click(within(dialog).getByRole('checkbox', { name: /^Admin/ }));
    expect(save).toBeEnabled();
    expect(bridge.calls.some((c) => c.fn === 'members.update')).toBe(false);
  });

  it('dropping your own member.manage while another Admin keeps it asks first', async () => {
    const { bridge, user } = await openMembers({ more: [member({ id: 'm3', name: 'ada', roles: ['Admin'] })] });
    const dialog = await openDialog(user, 'Edit admin', 'Edit member admin');
    await user.click(within(dialog).getByRole('checkbox', { name: /^Admin/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /^Power User/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await settle();
    expect(within(dialog).getByRole('alert')).toHaveTextContent(exactly(LOSE_MEMBER_MANAGE_TEXT));
    expect(LOSE_MEMBER_MANAGE_TEXT).toMatch(/^You will no longer be able to manage members/);
    expect(bridge.calls.some((c) => c.fn === 'members.update')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Keep my role' }));
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Edit member admin' })).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save anyway' }));
    await settle();
    expect(bridge.calls.find((c) => c.fn === 'members.update')?.request).toMatchObject({
      id: 'm1',
      patch: { roles: ['Power User'] },
    });
    // Another member's roles change without asking.
    const other = await openDialog(user, 'Edit dana', 'Edit member dana');
    await user.click(within(other).getByRole('checkbox', { name: /^Deployment/ }));
    await user.click(within(other).getByRole('button', { name: 'Save' }));
    await settle();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('your own enable switch and Delete are disabled before the click, with the reason shown in your row', async () => {
    const { bridge, user } = await openMembers();
    const own = memberRow('admin');
    const toggle = within(own).getByRole('switch', { name: 'admin enabled' });
    const remove = within(own).getByRole('button', { name: 'Delete admin' });
    const reason = 'You cannot disable or delete yourself. Another member who can manage members can.';
    // The description is the line under the row (aria-describedby), the tooltip says the same.
    for (const control of [toggle, remove]) expectBlocked(control, reason);
    // Visible on a line right under the row, not only in a tooltip.
    expect(own.nextElementSibling).toHaveTextContent(exactly(reason));
    expect(own.nextElementSibling).toBeVisible();
    await user.click(toggle);
    await user.click(remove);
    await settle();
    expect(bridge.calls.some((c) => c.fn === 'members.update' || c.fn === 'members.remove')).toBe(false);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // Editing yourself stays open; others' rows carry no reason.
    expect(within(own).getByRole('button', { name: 'Edit admin' })).toBeEnabled();
    const other = memberRow('dana');
    expect(within(other).getByRole('switch', { name: 'dana enabled' })).toBeEnabled();
    expect(within(other).getByRole('button', { name: 'Delete dana' })).toBeEnabled();
    expect(within(other).getByRole('button', { name: 'Delete dana' })).not.toHaveAccessibleDescription();
    expect(screen.getAllByText(reason)).toHaveLength(1);
  });

  it('disabling or deleting the last other member who can manage members is disabled with the shared reason', async () => {
    // The cache says the user no longer holds Admin (an Admin just changed it), so ada is the last one.
    const { bridge } = await openMembers({ more: [member({ id: 'm3', name: 'ada', roles: ['Admin'] })] });
    const snap = bridge.state.snapshots.c1!;
    const stale = {
      ...snap,
      members: snap.members.map((m) => (m.id === 'm1' ? { ...m, roles: ['Power User' as const] } : m)),
    };
    bridge.state.snapshots.c1 = stale;
    act(() => seedQueries({ snapshot: stale }));
    await tick();
    const reason =
      'This would leave no enabled member who can manage members (member.manage). Give another member the Admin role, or a bundle with member.manage, first.';
    const row = memberRow('ada');
    expectBlocked(within(row).getByRole('switch', { name: 'ada enabled' }), reason);
    expectBlocked(within(row).getByRole('button', { name: 'Delete ada' }), reason);
    expect(row.nextElementSibling).toHaveTextContent(exactly(reason));
    // dana holds no member.manage: she can go.
    expect(within(memberRow('dana')).getByRole('button', { name: 'Delete dana' })).toBeEnabled();
  });
});
