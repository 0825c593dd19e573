import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_LOCK_SETTINGS } from '../../../src-shared/ipc/lock.js';
import { installFakeBridge, renderWithData } from '../../test-support/render.js';
import { submitNewToken, openTokensTab } from '../../test-support/tokens-setup.js';
import { LockSection, FORGOTTEN_PASSPHRASE } from '../settings/LockSection.js';
import { LockScreen } from './LockScreen.js';

const LOCKED = {
  enabled: true,
  locked: true,
  retryAfterSeconds: 0,
  touchIdReady: false,
  touchIdAvailable: false,
  keychainSecure: true,
  settings: DEFAULT_LOCK_SETTINGS,
  problem: null,
};

/** window.location.reload, caught: the lock screen reloads the page once the passphrase is right. */
function catchReload() {
  const reload = vi.fn();
  vi.spyOn(window, 'location', 'get').mockReturnValue({ ...window.location, reload });
  return reload;
}

describe('the lock screen', () => {
  it('a wrong passphrase says so, counts down and keeps Unlock off; the right one reloads', async () => {
    const bridge = installFakeBridge({ passphrase: 'the right passphrase', lock: LOCKED });
    const reload = catchReload();
    const { user } = renderWithData(<LockScreen status={LOCKED} />);
    const field = screen.getByLabelText('Passphrase');
    expect(field).toHaveFocus();
    await user.type(field, 'wrong guess');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/That passphrase is not right\. Try again in 1 s\./);
    expect(screen.getByRole('button', { name: 'Unlock' })).toBeDisabled();
    expect(field).toHaveValue('');
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Try again.'), { timeout: 3000 });

    await user.type(field, 'the right passphrase');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(reload).toHaveBeenCalled());
    // Nothing but the lock was asked of main.
    expect(new Set(bridge.calls.map((c) => c.fn))).toEqual(new Set(['lock.unlock']));
    vi.restoreAllMocks();
  });

  it('a damaged lock file is said plainly, with no form', () => {
    installFakeBridge();
    renderWithData(<LockScreen status={{ ...LOCKED, problem: 'The lock file is damaged.' }} />);
    expect(screen.getByRole('alert')).toHaveTextContent('The lock file is damaged.');
    expect(screen.queryByLabelText('Passphrase')).not.toBeInTheDocument();
  });
});

describe('Settings → Lock', () => {
  it('set-up warns about a forgotten passphrase, checks length and repeat, then turns the lock on', async () => {
    const bridge = installFakeBridge();
    const { user } = renderWithData(<LockSection />);
    expect(await screen.findByText(FORGOTTEN_PASSPHRASE)).toBeVisible();
    await user.type(screen.getByLabelText('Passphrase'), 'short');
    await user.click(screen.getByRole('button', { name: 'Turn on the lock' }));
    expect(screen.getByText('Use at least 10 characters.')).toBeVisible();
    await user.clear(screen.getByLabelText('Passphrase'));
    await user.type(screen.getByLabelText('Passphrase'), 'four words to remember');
    await user.type(screen.getByLabelText('Repeat the passphrase'), 'four words to forget');
    await user.click(screen.getByRole('button', { name: 'Turn on the lock' }));
    expect(screen.getByText('The two passphrases are not the same.')).toBeVisible();
    expect(bridge.calls.some((c) => c.fn === 'lock.setUp')).toBe(false);

    await user.clear(screen.getByLabelText('Repeat the passphrase'));
    await user.type(screen.getByLabelText('Repeat the passphrase'), 'four words to remember');
    await user.click(screen.getByRole('button', { name: 'Turn on the lock' }));
    expect(await screen.findByText(/The lock is on/)).toBeVisible();
    expect(bridge.state.passphrase).toBe('four words to remember');
    await user.selectOptions(screen.getByLabelText('Lock after this long without keyboard or mouse input'), '15');
    await waitFor(() => expect(bridge.state.lock.settings?.idleMinutes).toBe(15));
  });
});

describe('Settings → Lock, changing the passphrase', () => {
  it('takes the new one only when typed the same twice', async () => {
    const bridge = installFakeBridge({
      passphrase: 'the old passphrase',
      lock: { ...LOCKED, locked: false },
    });
    const { user } = renderWithData(<LockSection />);
    const form = await screen.findByRole('form', { name: 'Change the passphrase' });
    await user.type(within(form).getByLabelText('Current passphrase'), 'the old passphrase');
    await user.type(within(form).getByLabelText('New passphrase'), 'the new passphrase');
    await user.type(within(form).getByLabelText('Repeat the new passphrase'), 'the new passfrase');
    await user.click(within(form).getByRole('button', { name: 'Change passphrase' }));
    expect(within(form).getByText('The two passphrases are not the same.')).toBeVisible();
    expect(bridge.calls.some((c) => c.fn === 'lock.changePassphrase')).toBe(false);
    await user.clear(within(form).getByLabelText('Repeat the new passphrase'));
    await user.type(within(form).getByLabelText('Repeat the new passphrase'), 'the new passphrase');
    await user.click(within(form).getByRole('button', { name: 'Change passphrase' }));
    expect(await within(form).findByRole('status')).toHaveTextContent('Changed.');
    expect(bridge.state.passphrase).toBe('the new passphrase');
  });
});

describe('step-up', () => {
  it('a create that needs the passphrase again asks, then sends the same request again by itself', async () => {
    const { bridge, user } = await openTokensTab();
    bridge.state.passphrase = 'the right passphrase';
    bridge.state.failNext['tokens.create'] = { code: 'step_up_required', message: 'Enter your passphrase.' };
    await submitNewToken(user, 'admin-bot');
    const ask = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    await user.type(within(ask).getByLabelText('Passphrase'), 'the right passphrase');
    await user.click(within(ask).getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByRole('dialog', { name: 'Copy your new token' })).toBeVisible();
    const creates = bridge.calls.filter((c) => c.fn === 'tokens.create');
    expect(creates).toHaveLength(2);
    expect(creates[1]!.request).toEqual(creates[0]!.request);
  });

  it('cancelled: the action says it was cancelled and nothing is sent again', async () => {
    const { bridge, user } = await openTokensTab();
    bridge.state.failNext['tokens.create'] = { code: 'step_up_required', message: 'Enter your passphrase.' };
    await submitNewToken(user, 'admin-bot');
    const ask = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText(/Cancelled: this needs your passphrase\./)).toBeVisible();
    expect(bridge.calls.filter((c) => c.fn === 'tokens.create')).toHaveLength(1);
  });
});
