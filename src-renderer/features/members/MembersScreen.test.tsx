import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Member } from '../../../src-shared/api/directory.js';
import { permissionsOf } from '../../../src-shared/roles.js';
import { App } from '../../app/App.js';
import { useAppStore } from '../../store/app-store.js';
import { seedQueries, setupConnected, settle, tick } from '../../test-support/connected.js';
import { DAY, iso, NOW } from '../../test-support/fixtures.js';
import { pinClock } from '../../test-support/tokens-setup.js';
import { LOSE_MEMBER_MANAGE_TEXT } from './MemberDialog.js';
import { HAND_OVER_NOTE } from './MembersScreen.js';
import { MEMBER_MANAGE_REASON } from './use-member-gate.js';

pinClock();

function member(partial: Partial<Member> & { id: string; name: string }): Member {
  return {
    type: 'HUMAN',
    roles: ['Viewer'],
    groups: ['data'],
    enabled: true,
    createdAt: iso(NOW - 9 * DAY),
    ...partial,
  };
}

async function openMembers(options: { viewer?: boolean; offline?: boolean; more?: Member[] } = {}) {
  const bridge = setupConnected({
    accounts: [],
    offline: options.offline ?? false,
    route: { name: 'members' },
    ...(options.viewer ? { me: { roles: ['Viewer'], permissions: permissionsOf(['Viewer']) } } : {}),
  });
  const snap = {
    ...bridge.state.snapshots.c1!,
    members: [
      member({ id: 'm1', name: 'admin', roles: ['Admin'], groups: ['admins'] }),
      member({ id: 'm2', name: 'dana' }),
      ...(options.more ?? []),
    ],
  };
  bridge.state.snapshots.c1 = snap;
  seedQueries({ snapshot: snap });
  render(<App />);
  await settle();
  return bridge;
}

const memberRow = (name: string) =>
  within(screen.getByRole('table', { name: 'Members' })).getByRole('row', { name: new RegExp(`^${name}\\b`) });

describe('Members screen', () => {
  it('adds a member and reveals their first token once, with the hand-over note, never in the store', async () => {
    const bridge = await openMembers();
    fireEvent.click(screen.getByRole('button', { name: 'Add member' }));
    const dialog = screen.getByRole('dialog', { name: 'Add member' });
    const name = within(dialog).getByLabelText('Name');
    fireEvent.change(name, { target: { value: 'Bad Name' } });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(name, { target: { value: 'erin' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Deployment/ }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'platform' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add member' }));
    await settle();
    const sent = bridge.calls.find((c) => c.fn === 'members.create')?.request as { input: object };
    expect(sent.input).toEqual({ name: 'erin', roles: ['Deployment'], groups: ['platform'] });
    const secret = bridge.state.secretsIssued.at(-1) ?? 'missing';
    const reveal = screen.getByRole('dialog', { name: 'Copy your new token' });
    expect(within(reveal).getByText(secret)).toBeTruthy();
    expect(within(reveal).getByText(HAND_OVER_NOTE)).toBeTruthy();
    expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);
    fireEvent.click(within(reveal).getByRole('checkbox', { name: 'I have stored this token in a safe place' }));
    fireEvent.click(within(reveal).getByRole('button', { name: 'Done' }));
    await settle();
    expect(document.body.textContent).not.toContain(secret);
    expect(within(memberRow('erin')).getByText('Deployment')).toBeTruthy();
  });

  it('disables a member with the switch and edits roles, reading back members and groups, not the list', async () => {
    const bridge = await openMembers();
    const before = bridge.calls.length;
    fireEvent.click(screen.getByRole('switch', { name: 'dana enabled' }));
    await settle();
    // The group counts move with a member: the two small lists are read back, once.
    expect(bridge.calls.slice(before).map((c) => c.fn)).toEqual(['members.update', 'members.list', 'groups.list']);
    expect(bridge.state.snapshots.c1?.members.find((m) => m.id === 'm2')?.enabled).toBe(false);
    expect(screen.getByRole('switch', { name: 'dana enabled' }).getAttribute('aria-checked')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'Edit dana' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit member dana' });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Power User/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await settle();
    expect(within(memberRow('dana')).getByText('Power User')).toBeTruthy();
  });

  it('creates and deletes a group', async () => {
    const bridge = await openMembers();
    fireEvent.click(screen.getByRole('button', { name: 'New group' }));
    const dialog = screen.getByRole('dialog', { name: 'New group' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'ops' } });
    fireEvent.change(within(dialog).getByLabelText(/^Description/), { target: { value: 'On-call people' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create group' }));
    await settle();
    const groups = screen.getByRole('table', { name: 'Groups' });
    expect(within(groups).getByText('On-call people')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete group ops' }));
    fireEvent.click(
      within(screen.getByRole('dialog', { name: 'Delete group ops?' })).getByRole('button', { name: 'Delete group' }),
    );
    await settle();
    expect(bridge.state.snapshots.c1?.groups.some((g) => g.name === 'ops')).toBe(false);
  });

  it('is read-only for a Viewer, and says why', async () => {
    await openMembers({ viewer: true });
    expect(screen.getByText(MEMBER_MANAGE_REASON)).toBeTruthy();
    expect(MEMBER_MANAGE_REASON).toBe('Your roles do not allow you to manage members (it needs member.manage).');
    expect(screen.queryByRole('button', { name: 'Add member' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'New group' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit dana' })).toBeNull();
    const toggle = screen.getByRole<HTMLButtonElement>('switch', { name: 'dana enabled' });
    expect(toggle.disabled).toBe(true);
    expect(toggle.title).toBe(MEMBER_MANAGE_REASON);
    expect(within(screen.getByRole('table', { name: 'Groups' })).getByText('platform')).toBeTruthy();
  });

  it('the last member who can manage members cannot drop their own Admin role: Save says why', async () => {
    // A disabled Admin does not count.
    const bridge = await openMembers({ more: [member({ id: 'm3', name: 'ada', roles: ['Admin'], enabled: false })] });
    fireEvent.click(screen.getByRole('button', { name: 'Edit admin' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit member admin' });
    const save = within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Save' });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Admin/ }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Power User/ }));
    const reason =
      'You are the last member who can manage members: without your Admin role no one could. Give another member the Admin role first.';
    expect(save.disabled).toBe(true);
    expect(save.title).toBe(reason);
    expect(within(dialog).getByText(reason)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Admin/ }));
    expect(save.disabled).toBe(false);
    expect(bridge.calls.some((c) => c.fn === 'members.update')).toBe(false);
  });

  it('dropping your own member.manage while another Admin keeps it asks first', async () => {
    const bridge = await openMembers({ more: [member({ id: 'm3', name: 'ada', roles: ['Admin'] })] });
    fireEvent.click(screen.getByRole('button', { name: 'Edit admin' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit member admin' });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Admin/ }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Power User/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await settle();
    expect(within(dialog).getByRole('alert').textContent).toBe(LOSE_MEMBER_MANAGE_TEXT);
    expect(LOSE_MEMBER_MANAGE_TEXT).toMatch(/^You will no longer be able to manage members/);
    expect(bridge.calls.some((c) => c.fn === 'members.update')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep my role' }));
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Edit member admin' })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save anyway' }));
    await settle();
    expect(bridge.calls.find((c) => c.fn === 'members.update')?.request).toMatchObject({
      id: 'm1',
      patch: { roles: ['Power User'] },
    });
    // Another member's roles change without asking.
    fireEvent.click(screen.getByRole('button', { name: 'Edit dana' }));
    const other = screen.getByRole('dialog', { name: 'Edit member dana' });
    fireEvent.click(within(other).getByRole('checkbox', { name: /^Deployment/ }));
    fireEvent.click(within(other).getByRole('button', { name: 'Save' }));
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('your own enable switch and Delete are disabled before the click, with the reason shown in your row', async () => {
    const bridge = await openMembers();
    const own = memberRow('admin');
    const toggle = within(own).getByRole<HTMLButtonElement>('switch', { name: 'admin enabled' });
    const remove = within(own).getByRole<HTMLButtonElement>('button', { name: 'Delete admin' });
    const reason = 'You cannot disable or delete yourself. Another member who can manage members can.';
    for (const control of [toggle, remove]) {
      expect(control.disabled).toBe(true);
      expect(control.title).toBe(reason);
      expect(document.getElementById(control.getAttribute('aria-describedby') ?? '')?.textContent).toBe(reason);
    }
    // Visible on a line right under the row, not only in a tooltip.
    expect(own.nextElementSibling?.textContent).toBe(reason);
    fireEvent.click(toggle);
    fireEvent.click(remove);
    await settle();
    expect(bridge.calls.some((c) => c.fn === 'members.update' || c.fn === 'members.remove')).toBe(false);
    expect(screen.queryByRole('dialog')).toBeNull();
    // Editing yourself stays open; others' rows carry no reason.
    expect(within(own).getByRole<HTMLButtonElement>('button', { name: 'Edit admin' }).disabled).toBe(false);
    const other = memberRow('dana');
    expect(within(other).getByRole<HTMLButtonElement>('switch', { name: 'dana enabled' }).disabled).toBe(false);
    expect(within(other).getByRole<HTMLButtonElement>('button', { name: 'Delete dana' }).disabled).toBe(false);
    expect(screen.getAllByText(reason)).toHaveLength(1);
  });

  it('disabling or deleting the last other member who can manage members is disabled with the shared reason', async () => {
    // The cache says the user no longer holds Admin (an Admin just changed it), so ada is the last one.
    const bridge = await openMembers({ more: [member({ id: 'm3', name: 'ada', roles: ['Admin'] })] });
    const snap = bridge.state.snapshots.c1!;
    const stale = {
      ...snap,
      members: snap.members.map((m) => (m.id === 'm1' ? { ...m, roles: ['Power User' as const] } : m)),
    };
    bridge.state.snapshots.c1 = stale;
    act(() => seedQueries({ snapshot: stale }));
    await tick();
    const reason =
      'This would leave no enabled member who can manage members (member.manage). Give another member the Admin role first.';
    const row = memberRow('ada');
    const toggle = within(row).getByRole<HTMLButtonElement>('switch', { name: 'ada enabled' });
    const remove = within(row).getByRole<HTMLButtonElement>('button', { name: 'Delete ada' });
    expect(toggle.disabled).toBe(true);
    expect(toggle.title).toBe(reason);
    expect(remove.disabled).toBe(true);
    expect(remove.title).toBe(reason);
    expect(row.nextElementSibling?.textContent).toBe(reason);
    // dana holds no member.manage: she can go.
    expect(within(memberRow('dana')).getByRole<HTMLButtonElement>('button', { name: 'Delete dana' }).disabled).toBe(
      false,
    );
  });
});
