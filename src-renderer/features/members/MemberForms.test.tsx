import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/app.js';
import { settle } from '../../test-support/connected.js';
import { errorOf } from '../../test-support/fields.js';
import { DAY, iso, NOW } from '../../test-support/fixtures.js';
import { pinClock } from '../../test-support/tokens-setup.js';
import type { User } from '../../test-support/user.js';
import { fill } from '../../test-support/user.js';
import { openDialog } from '../../test-support/screen-parts.js';

pinClock();

async function openMembers() {
  const { bridge, user } = await renderApp({
    route: { name: 'members' },
    members: [
      {
        id: 'm1',
        name: 'admin',
        type: 'HUMAN',
        roles: ['Admin'],
        groups: ['admins'],
        bundles: [],
        enabled: true,
        createdAt: iso(NOW - DAY),
      },
      {
        id: 'm2',
        name: 'dana',
        type: 'HUMAN',
        roles: ['Viewer'],
        groups: ['data'],
        bundles: [],
        enabled: true,
        createdAt: iso(NOW - DAY),
      },
    ],
  });
  const sent = (fn: string) => bridge.calls.filter((c) => c.fn === fn);
  return { user, sent };
}

const nameOf = (dialog: HTMLElement) => within(dialog).getByLabelText('Name');

/** Escape on a dialog with input asks first; Keep editing keeps it open with the input. */
async function expectDiscardPrompt(user: User, dialog: HTMLElement) {
  await user.keyboard('{Escape}');
  const ask = screen.getByRole('dialog', { name: 'Discard changes?' });
  await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
  expect(dialog).toBeInTheDocument();
}

describe('Add member dialog: when errors show', () => {
  it('opens without errors; the name is judged once it is left, not while typing', async () => {
    const { user } = await openMembers();
    const dialog = await openDialog(user, 'Add member');
    expect(dialog.querySelector('.field__error')).toBeNull();
    expect(nameOf(dialog)).not.toHaveAttribute('aria-invalid');
    await fill(user, nameOf(dialog), 'Dana Two');
    expect(errorOf(nameOf(dialog))).toBeNull();
    await user.tab();
    expect(nameOf(dialog)).toHaveAttribute('aria-invalid', 'true');
    expect(errorOf(nameOf(dialog))).toBeVisible();
  });

  it('a try to add with no name shows the error and sends nothing', async () => {
    const { user, sent } = await openMembers();
    const dialog = await openDialog(user, 'Add member');
    await user.click(within(dialog).getByRole('button', { name: 'Add member' }));
    await settle();
    expect(nameOf(dialog)).toHaveAttribute('aria-invalid', 'true');
    expect(errorOf(nameOf(dialog))).toBeVisible();
    expect(sent('members.create')).toEqual([]);
  });

  it('with input, Escape asks before discarding it (adding and editing)', async () => {
    const { user } = await openMembers();
    const adding = await openDialog(user, 'Add member');
    await fill(user, nameOf(adding), 'erin');
    await expectDiscardPrompt(user, adding);
    expect(nameOf(adding)).toHaveValue('erin');
    await user.click(within(adding).getByRole('button', { name: 'Cancel' }));

    const editing = await openDialog(user, 'Edit dana', 'Edit member dana');
    await user.click(within(editing).getByRole('checkbox', { name: /^Power User/ }));
    await expectDiscardPrompt(user, editing);
    expect(within(editing).getByRole('checkbox', { name: /^Power User/ })).toBeChecked();
  });
});

describe('New group dialog: when errors show', () => {
  it('opens without errors; the name is judged once it is left, not while typing', async () => {
    const { user } = await openMembers();
    const dialog = await openDialog(user, 'New group');
    expect(dialog.querySelector('.field__error')).toBeNull();
    await fill(user, nameOf(dialog), 'On Call');
    expect(errorOf(nameOf(dialog))).toBeNull();
    await user.tab();
    expect(nameOf(dialog)).toHaveAttribute('aria-invalid', 'true');
    expect(errorOf(nameOf(dialog))).toBeVisible();
  });

  it('a try to create with no name shows the error and sends nothing', async () => {
    const { user, sent } = await openMembers();
    const dialog = await openDialog(user, 'New group');
    await user.click(within(dialog).getByRole('button', { name: 'Create group' }));
    await settle();
    expect(errorOf(nameOf(dialog))).toBeVisible();
    expect(sent('groups.create')).toEqual([]);
  });

  it('with input, Escape asks before discarding it', async () => {
    const { user } = await openMembers();
    const dialog = await openDialog(user, 'New group');
    await fill(user, within(dialog).getByLabelText(/^Description/), 'On-call people');
    await expectDiscardPrompt(user, dialog);
    expect(within(dialog).getByLabelText(/^Description/)).toHaveValue('On-call people');
  });
});
