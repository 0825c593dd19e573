import { effectivePermissions } from '../../../src-shared/permissions.js';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAME_GROUP_MESSAGE } from '../../../src-shared/errors.js';

import { UNAVAILABLE_OFFLINE } from '../../components/use-can-change.js';
import { renderApp } from '../../test-support/app.js';
import { exactly, expectBlocked, expectNames } from '../../test-support/assertions.js';
import { settle } from '../../test-support/connected.js';
import { errorOf } from '../../test-support/fields.js';
import { token } from '../../test-support/fixtures.js';
import { closeReveal } from '../../test-support/reveal.js';
import { lastCall, openTokensTab, pinClock, rowOf, sampleTokens } from '../../test-support/tokens-setup.js';
import { fill } from '../../test-support/user.js';
import { openDialog } from '../../test-support/screen-parts.js';

pinClock();

const button = (name: string) => screen.getByRole('button', { name });

describe('the tokens table', () => {
  it('shows Max RPS or None, expiry marks, and a rotated-out token as such', async () => {
    await openTokensTab();
    expect(rowOf('ci-main')).toHaveTextContent('50');
    expect(rowOf('nightly')).toHaveTextContent('None');
    expect(within(rowOf('nightly')).getByText('(expires soon)')).toBeVisible();
    expect(within(rowOf('old-export')).getByText('Expired')).toBeVisible();
    expect(button('Reactivate nightly')).toBeEnabled();
    // An expired token cannot be suspended.
    expect(button('Suspend old-export')).toBeDisabled();
    expect(button('Suspend old-export')).toHaveAccessibleDescription(
      'An expired token cannot be suspended or reactivated',
    );
  });
});

describe('row actions', () => {
  it('suspends and reactivates; snapshot:changed has the account read back alone, never the list', async () => {
    const { bridge, user } = await openTokensTab();
    const before = bridge.calls.length;
    await user.click(button('Suspend ci-main'));
    await settle();
    expect(lastCall(bridge, 'tokens.update')).toEqual({
      connectionId: 'c1',
      accountId: 'sa1',
      name: 'ci-main',
      patch: { status: 'SUSPENDED' },
    });
    expect(within(rowOf('ci-main')).getByText('SUSPENDED')).toBeVisible();
    const fns = bridge.calls.slice(before).map((c) => c.fn);
    expect(fns).toEqual(['tokens.update', 'accounts.get']);
    await user.click(button('Reactivate ci-main'));
    await settle();
    expect(lastCall(bridge, 'tokens.update')).toMatchObject({ patch: { status: 'ACTIVE' } });
    expect(button('Suspend ci-main')).toBeEnabled();
  });

  it('says where a suspend was refused', async () => {
    const { bridge, user } = await openTokensTab();
    bridge.state.failNext['tokens.update'] = { code: 'not_found', message: 'Token not found.' };
    await user.click(button('Suspend ci-main'));
    await settle();
    expect(screen.getByRole('alert')).toHaveTextContent('Could not suspend ci-main. Token not found.');
  });

  it('sets and clears Max RPS', async () => {
    const { bridge, user } = await openTokensTab();
    let dialog = await openDialog(user, 'Max RPS for nightly');
    const input = within(dialog).getByLabelText('Max requests per second');
    await fill(user, input, '1.5');
    expect(errorOf(input)).not.toBeInTheDocument();
    await user.tab();
    expect(errorOf(input)).toHaveTextContent(exactly('Max RPS must be a whole number.'));
    await fill(user, input, '120');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await settle();
    expect(lastCall(bridge, 'tokens.update')).toMatchObject({ name: 'nightly', patch: { maxRps: 120 } });
    expect(rowOf('nightly')).toHaveTextContent('120');

    dialog = await openDialog(user, 'Max RPS for ci-main');
    await fill(user, within(dialog).getByLabelText('Max requests per second'), '');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await settle();
    expect(lastCall(bridge, 'tokens.update')).toMatchObject({ name: 'ci-main', patch: { maxRps: null } });
    expect(rowOf('ci-main')).toHaveTextContent('None');
  });

  it('shows a wrong max RPS when a save is tried, and sends nothing', async () => {
    const { bridge, user } = await openTokensTab();
    const dialog = await openDialog(user, 'Max RPS for nightly');
    const input = within(dialog).getByLabelText('Max requests per second');
    // Enter keeps the focus in the field, so only the try to save can show the mistake.
    await fill(user, input, '0');
    await user.keyboard('{Enter}');
    await settle();
    expect(errorOf(input)).toHaveTextContent(/\S/);
    expect(lastCall(bridge, 'tokens.update')).toBeUndefined();
  });

  it('deletes after a confirmation that names the token and warns first', async () => {
    const { bridge, user } = await openTokensTab();
    const dialog = await openDialog(user, 'Delete nightly', 'Delete token nightly?');
    expect(dialog).toHaveTextContent(
      'remove this token from any project, code base or third-party platform that uses it',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Delete token' }));
    await settle();
    expect(lastCall(bridge, 'tokens.remove')).toEqual({ connectionId: 'c1', accountId: 'sa1', name: 'nightly' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('rowheader', { name: 'nightly' })).not.toBeInTheDocument();
  });
});

describe('rotate', () => {
  it('offers the grace periods (24 hours by default), reveals the new secret, and marks the old row', async () => {
    const { bridge, user } = await openTokensTab();
    const dialog = await openDialog(user, 'Rotate ci-main');
    expectNames(within(dialog).getAllByRole('radio'), ['Revoke the old token now', '1 hour', '24 hours', '7 days']);
    expect(within(dialog).getByRole('radio', { name: '24 hours' })).toBeChecked();
    expect(within(dialog).getByRole('status')).toHaveTextContent(
      exactly('The old secret keeps working for 24 hours, then stops.'),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    await settle();
    expect(lastCall(bridge, 'tokens.rotate')).toEqual({
      connectionId: 'c1',
      accountId: 'sa1',
      name: 'ci-main',
      graceSeconds: 86_400,
    });
    const reveal = screen.getByRole('dialog', { name: 'Copy your new token' });
    expect(reveal).toHaveTextContent('has a new secret');
    await closeReveal(user, reveal);
    const old = screen.getByText('Rotated — expires in 24 hours').closest('tr')!;
    expect(within(old).getByRole('rowheader')).toHaveTextContent(/^ci-main\.rotated-/);
    expect(within(old).getByRole('button', { name: /^Rotate / })).toBeDisabled();
    expect(rowOf('ci-main')).toBeVisible();
  });

  it('can revoke the old token at once', async () => {
    const { bridge, user } = await openTokensTab();
    const dialog = await openDialog(user, 'Rotate ci-main');
    await user.click(within(dialog).getByRole('radio', { name: 'Revoke the old token now' }));
    expect(within(dialog).getByRole('status')).toHaveTextContent('stops working at once');
    await user.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    await settle();
    expect(lastCall(bridge, 'tokens.rotate')).toMatchObject({ graceSeconds: 0 });
  });
});

describe('pre-flight', () => {
  const viewerReason =
    'Your permissions do not allow you to manage tokens (it needs access_token.manage, which comes with the Admin, Power User or Deployment role).';

  it('a Viewer sees Generate and every row action disabled, with the reason', async () => {
    await openTokensTab({
      me: { roles: ['Viewer'], permissions: effectivePermissions({ roles: ['Viewer'] }), groups: ['platform'] },
    });
    expectBlocked(button('Generate new token'), viewerReason);
    expect(screen.getByText(viewerReason)).toBeVisible();
    for (const name of ['Suspend ci-main', 'Max RPS for ci-main', 'Rotate ci-main', 'Delete ci-main']) {
      expectBlocked(button(name), viewerReason);
    }
  });

  it('an admin outside the account’s groups gets the same-group reason', async () => {
    await openTokensTab({ me: { groups: ['data'] }, tokens: null });
    expectBlocked(button('Generate new token'), SAME_GROUP_MESSAGE);
    expect(screen.getByText(SAME_GROUP_MESSAGE)).toBeVisible();
    expect(screen.getAllByText(SAME_GROUP_MESSAGE)).toHaveLength(1);
  });

  it('a Deployment member cannot give back rights beyond theirs: reactivate, rotate, raise the cap', async () => {
    const beyond =
      'You can only give permissions you have yourself; Admin (service_account.manage, member.manage and audit.read) goes beyond yours.';
    const { bridge, user } = await openTokensTab({
      me: { roles: ['Deployment'], permissions: effectivePermissions({ roles: ['Deployment'] }), groups: ['platform'] },
      tokens: [
        ...sampleTokens(),
        token({ id: 't9', name: 'root-ops', status: 'SUSPENDED', roles: ['Admin'], maxRps: 10 }),
      ],
    });
    for (const name of ['Reactivate root-ops', 'Rotate root-ops']) expectBlocked(button(name), beyond);
    // Within their rights, and taking rights away, stay open.
    expect(button('Reactivate nightly')).toBeEnabled();
    expect(button('Rotate ci-main')).toBeEnabled();
    expect(button('Delete root-ops')).toBeEnabled();
    const dialog = await openDialog(user, 'Max RPS for root-ops');
    const input = within(dialog).getByLabelText('Max requests per second');
    const save = within(dialog).getByRole('button', { name: 'Save' });
    for (const value of ['20', '']) {
      await fill(user, input, value);
      expectBlocked(save, beyond);
      expect(within(dialog).getByText(`${beyond} You can still lower the cap.`)).toBeVisible();
    }
    await fill(user, input, '5');
    expect(save).toBeEnabled();
    await user.click(save);
    await settle();
    expect(lastCall(bridge, 'tokens.update')).toMatchObject({ name: 'root-ops', patch: { maxRps: 5 } });
  });

  it('offline, nothing can change', async () => {
    await openTokensTab({ offline: true });
    expectBlocked(button('Generate new token'), UNAVAILABLE_OFFLINE);
    expectBlocked(button('Delete ci-main'), UNAVAILABLE_OFFLINE);
  });
});

describe('Settings', () => {
  it('is in the sidebar, validates the delay and saves it through main', async () => {
    const { bridge, user } = await renderApp({});
    await user.click(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Settings' }),
    );
    await settle();
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeVisible();
    const field = screen.getByLabelText('Clear the clipboard after (seconds)');
    expect(field).toHaveValue(30);
    expect(screen.getByText('TokenDesk also clears a copied token from the clipboard when you quit.')).toBeVisible();
    await fill(user, field, '3');
    expect(errorOf(field)).toBeNull();
    await user.tab();
    expect(errorOf(field)).toHaveTextContent(exactly('Clear the clipboard after 5 seconds at the soonest.'));
    expect(button('Save')).toBeEnabled();
    await fill(user, field, '45');
    await user.click(button('Save'));
    await settle();
    expect(lastCall(bridge, 'settings.update')).toEqual({ clipboardClearSeconds: 45 });
    expect(screen.getByRole('status')).toHaveTextContent(exactly('Saved.'));
    expect(bridge.state.settings.clipboardClearSeconds).toBe(45);
  });
});
