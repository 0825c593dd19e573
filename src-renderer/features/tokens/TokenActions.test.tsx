import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAME_GROUP_MESSAGE } from '../../../src-shared/errors.js';
import { permissionsOf } from '../../../src-shared/roles.js';
import { App } from '../../app/App.js';
import { UNAVAILABLE_OFFLINE } from '../../components/use-can-change.js';
import { setupConnected, settle } from '../../test-support/connected.js';
import { token } from '../../test-support/fixtures.js';
import { lastCall, openTokensTab, pinClock, rowOf, sampleTokens } from '../../test-support/tokens-setup.js';

pinClock();

const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });

describe('the tokens table', () => {
  it('shows Max RPS or None, expiry marks, and a rotated-out token as such', async () => {
    await openTokensTab();
    expect(rowOf('ci-main').textContent).toContain('50');
    expect(rowOf('nightly').textContent).toContain('None');
    expect(within(rowOf('nightly')).getByText('(expires soon)')).toBeTruthy();
    expect(within(rowOf('old-export')).getByText('Expired')).toBeTruthy();
    expect(button('Reactivate nightly')).toBeTruthy();
    // An expired token cannot be suspended.
    expect(button('Suspend old-export').disabled).toBe(true);
  });
});

describe('row actions', () => {
  it('suspends and reactivates; snapshot:changed has the account read back alone, never the list', async () => {
    const bridge = await openTokensTab();
    const before = bridge.calls.length;
    fireEvent.click(button('Suspend ci-main'));
    await settle();
    expect(lastCall(bridge, 'tokens.update')).toEqual({
      connectionId: 'c1',
      accountId: 'sa1',
      name: 'ci-main',
      patch: { status: 'SUSPENDED' },
    });
    expect(within(rowOf('ci-main')).getByText('SUSPENDED')).toBeTruthy();
    const fns = bridge.calls.slice(before).map((c) => c.fn);
    expect(fns).toEqual(['tokens.update', 'accounts.get']);
    fireEvent.click(button('Reactivate ci-main'));
    await settle();
    expect(lastCall(bridge, 'tokens.update')).toMatchObject({ patch: { status: 'ACTIVE' } });
    expect(button('Suspend ci-main')).toBeTruthy();
  });

  it('says where a suspend was refused', async () => {
    const bridge = await openTokensTab();
    bridge.state.failNext['tokens.update'] = { code: 'not_found', message: 'Token not found.' };
    fireEvent.click(button('Suspend ci-main'));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('Could not suspend ci-main. Token not found.');
  });

  it('sets and clears Max RPS', async () => {
    const bridge = await openTokensTab();
    fireEvent.click(button('Max RPS for nightly'));
    let dialog = screen.getByRole('dialog', { name: 'Max RPS for nightly' });
    const input = within(dialog).getByLabelText('Max requests per second');
    fireEvent.change(input, { target: { value: '1.5' } });
    expect(within(dialog).getByText('Max RPS must be a whole number.')).toBeTruthy();
    fireEvent.change(input, { target: { value: '120' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await settle();
    expect(lastCall(bridge, 'tokens.update')).toMatchObject({ name: 'nightly', patch: { maxRps: 120 } });
    expect(rowOf('nightly').textContent).toContain('120');

    fireEvent.click(button('Max RPS for ci-main'));
    dialog = screen.getByRole('dialog', { name: 'Max RPS for ci-main' });
    fireEvent.change(within(dialog).getByLabelText('Max requests per second'), { target: { value: '' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await settle();
    expect(lastCall(bridge, 'tokens.update')).toMatchObject({ name: 'ci-main', patch: { maxRps: null } });
    expect(rowOf('ci-main').textContent).toContain('None');
  });

  it('deletes after a confirmation that names the token and warns first', async () => {
    const bridge = await openTokensTab();
    fireEvent.click(button('Delete nightly'));
    const dialog = screen.getByRole('dialog', { name: 'Delete token nightly?' });
    expect(dialog.textContent).toContain(
      'remove this token from any project, code base or third-party platform that uses it',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete token' }));
    await settle();
    expect(lastCall(bridge, 'tokens.remove')).toEqual({ connectionId: 'c1', accountId: 'sa1', name: 'nightly' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('rowheader', { name: 'nightly' })).toBeNull();
  });
});

describe('rotate', () => {
  it('offers the grace periods (24 hours by default), reveals the new secret, and marks the old row', async () => {
    const bridge = await openTokensTab();
    fireEvent.click(button('Rotate ci-main'));
    const dialog = screen.getByRole('dialog', { name: 'Rotate ci-main' });
    const radios = within(dialog).getAllByRole<HTMLInputElement>('radio');
    expect(radios.map((r) => r.closest('label')?.textContent)).toEqual([
      'Revoke the old token now',
      '1 hour',
      '24 hours',
      '7 days',
    ]);
    expect(within(dialog).getByRole<HTMLInputElement>('radio', { name: '24 hours' }).checked).toBe(true);
    expect(within(dialog).getByRole('status').textContent).toBe(
      'The old secret keeps working for 24 hours, then stops.',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    await settle();
    expect(lastCall(bridge, 'tokens.rotate')).toEqual({
      connectionId: 'c1',
      accountId: 'sa1',
      name: 'ci-main',
      graceSeconds: 86_400,
    });
    const reveal = screen.getByRole('dialog', { name: 'Copy your new token' });
    expect(reveal.textContent).toContain('has a new secret');
    fireEvent.click(within(reveal).getByRole('checkbox', { name: 'I have stored this token in a safe place' }));
    fireEvent.click(within(reveal).getByRole('button', { name: 'Done' }));
    await settle();
    const old = screen.getByText('Rotated — expires in 24 hours').closest('tr');
    expect(old?.querySelector('th')?.textContent).toMatch(/^ci-main\.rotated-/);
    expect(within(old!).getByRole<HTMLButtonElement>('button', { name: /^Rotate / }).disabled).toBe(true);
    expect(rowOf('ci-main')).toBeTruthy();
  });

  it('can revoke the old token at once', async () => {
    const bridge = await openTokensTab();
    fireEvent.click(button('Rotate ci-main'));
    const dialog = screen.getByRole('dialog', { name: 'Rotate ci-main' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Revoke the old token now' }));
    expect(within(dialog).getByRole('status').textContent).toContain('stops working at once');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    await settle();
    expect(lastCall(bridge, 'tokens.rotate')).toMatchObject({ graceSeconds: 0 });
  });
});

describe('pre-flight', () => {
  const viewerReason = 'Your roles do not allow you to manage tokens (it needs access_token.manage).';

  it('a Viewer sees Generate and every row action disabled, with the reason', async () => {
    await openTokensTab({ me: { roles: ['Viewer'], permissions: permissionsOf(['Viewer']), groups: ['platform'] } });
    const generate = button('Generate new token');
    expect(generate.disabled).toBe(true);
    expect(generate.title).toBe(viewerReason);
    expect(screen.getByText(viewerReason)).toBeTruthy();
    for (const name of ['Suspend ci-main', 'Max RPS for ci-main', 'Rotate ci-main', 'Delete ci-main']) {
      expect(button(name).disabled).toBe(true);
      expect(button(name).title).toBe(viewerReason);
    }
  });

  it('an admin outside the account’s groups gets the same-group reason', async () => {
    await openTokensTab({ me: { groups: ['data'] }, tokens: null });
    const generate = button('Generate new token');
    expect(generate.disabled).toBe(true);
    expect(generate.title).toBe(SAME_GROUP_MESSAGE);
    expect(screen.getAllByText(SAME_GROUP_MESSAGE)).toHaveLength(1);
  });

  it('a Deployment member cannot give back rights beyond theirs: reactivate, rotate, raise the cap', async () => {
    const beyond = 'You can only give roles whose permissions you have yourself; Admin goes beyond yours.';
    const bridge = await openTokensTab({
      me: { roles: ['Deployment'], permissions: permissionsOf(['Deployment']), groups: ['platform'] },
      tokens: [
        ...sampleTokens(),
        token({ id: 't9', name: 'root-ops', status: 'SUSPENDED', roles: ['Admin'], maxRps: 10 }),
      ],
    });
    for (const name of ['Reactivate root-ops', 'Rotate root-ops']) {
      expect(button(name).disabled).toBe(true);
      expect(button(name).title).toBe(beyond);
    }
    // Within their rights, and taking rights away, stay open.
    expect(button('Reactivate nightly').disabled).toBe(false);
    expect(button('Rotate ci-main').disabled).toBe(false);
    expect(button('Delete root-ops').disabled).toBe(false);
    fireEvent.click(button('Max RPS for root-ops'));
    const dialog = screen.getByRole('dialog', { name: 'Max RPS for root-ops' });
    const input = within(dialog).getByLabelText('Max requests per second');
    const save = within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Save' });
    for (const value of ['20', '']) {
      fireEvent.change(input, { target: { value } });
      expect(save.disabled).toBe(true);
      expect(save.title).toBe(beyond);
      expect(within(dialog).getByText(`${beyond} You can still lower the cap.`)).toBeTruthy();
    }
    fireEvent.change(input, { target: { value: '5' } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await settle();
    expect(lastCall(bridge, 'tokens.update')).toMatchObject({ name: 'root-ops', patch: { maxRps: 5 } });
  });

  it('offline, nothing can change', async () => {
    await openTokensTab({ offline: true });
    expect(button('Generate new token').title).toBe(UNAVAILABLE_OFFLINE);
    expect(button('Delete ci-main').disabled).toBe(true);
  });
});

describe('Settings', () => {
  it('is in the sidebar, validates the delay and saves it through main', async () => {
    const bridge = setupConnected({ accounts: [] });
    render(<App />);
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Settings' }));
    await settle();
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeTruthy();
    const field = screen.getByLabelText<HTMLInputElement>('Clear the clipboard after (seconds)');
    expect(field.value).toBe('30');
    expect(screen.getByText('TokenDesk also clears a copied token from the clipboard when you quit.')).toBeTruthy();
    fireEvent.change(field, { target: { value: '3' } });
    expect(screen.getByText('Clear the clipboard after 5 seconds at the soonest.')).toBeTruthy();
    expect(button('Save').disabled).toBe(true);
    fireEvent.change(field, { target: { value: '45' } });
    fireEvent.click(button('Save'));
    await settle();
    expect(lastCall(bridge, 'settings.update')).toEqual({ clipboardClearSeconds: 45 });
    expect(screen.getByRole('status').textContent).toBe('Saved.');
    expect(bridge.state.settings.clipboardClearSeconds).toBe(45);
  });
});
