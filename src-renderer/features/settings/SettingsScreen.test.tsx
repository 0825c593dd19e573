import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { exactly } from '../../test-support/assertions.js';
import { settle } from '../../test-support/connected.js';
import { errorOf } from '../../test-support/fields.js';
import { installFakeBridge, renderWithData } from '../../test-support/render.js';
import { lastCall } from '../../test-support/tokens-setup.js';
import { fill } from '../../test-support/user.js';
import { useTheme } from '../../app/use-theme.js';
import { SettingsScreen } from './SettingsScreen.js';

async function showSettings(keyring: { backend: string; secure: boolean; available: boolean }) {
  installFakeBridge({ appInfo: { version: '0.1.0', platform: 'linux', keyring } });
  renderWithData(<SettingsScreen />);
  await settle();
  return screen.getByRole('region', { name: 'Data on this computer' });
}

describe('Settings › Data on this computer', () => {
  it('with basic_text says plainly that tokens and cached data live in memory only, and claims no encryption', async () => {
    const section = await showSettings({ backend: 'basic_text', secure: false, available: true });
    expect(section).toHaveTextContent(
      'No system keychain: the token and cached data are kept in memory only and are gone when you quit.',
    );
    expect(section).toHaveTextContent('“basic_text”, which protects nothing');
    expect(section).not.toHaveTextContent(/encrypt/i);
  });

  it('without any keychain says the same', async () => {
    const section = await showSettings({ backend: 'none', secure: false, available: false });
    expect(section).toHaveTextContent('kept in memory only and are gone when you quit');
    expect(section).toHaveTextContent('found no keychain');
  });

  it('with a secure keychain names it', async () => {
    const section = await showSettings({ backend: 'gnome_libsecret', secure: true, available: true });
    expect(section).toHaveTextContent(
      exactly(
        'Data on this computerConnection tokens and the cached copy of each server’s data are encrypted with the system keychain (gnome_libsecret) and kept between sessions.',
      ),
    );
  });
});

describe('Settings › Clipboard', () => {
  const seconds = () => screen.getByRole('spinbutton', { name: 'Clear the clipboard after (seconds)' });
  const saves = (bridge: ReturnType<typeof installFakeBridge>) =>
    bridge.calls.filter((c) => c.fn === 'settings.update');

  it('opens without an error; a wrong value is judged once the field is left, not while typing', async () => {
    const bridge = installFakeBridge();
    const { user } = renderWithData(<SettingsScreen />);
    await settle();
    expect(seconds()).toHaveValue(30);
    expect(errorOf(seconds())).toBeNull();
    expect(document.querySelector('.field__error')).toBeNull();

    await fill(user, seconds(), '');
    await user.type(seconds(), '7000');
    expect(seconds()).not.toHaveAttribute('aria-invalid');
    expect(errorOf(seconds())).toBeNull();
    await user.tab();
    expect(seconds()).toHaveAttribute('aria-invalid', 'true');
    expect(errorOf(seconds())).toHaveTextContent(exactly('Clear the clipboard within 10 minutes (600 seconds).'));

    await fill(user, seconds(), '45');
    expect(errorOf(seconds())).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await settle();
    expect(saves(bridge).map((c) => c.request)).toEqual([{ clipboardClearSeconds: 45 }]);
  });

  it('a try to save a wrong value shows the error and sends nothing', async () => {
    const bridge = installFakeBridge();
    const { user } = renderWithData(<SettingsScreen />);
    await settle();
    await fill(user, seconds(), '2');
    expect(errorOf(seconds())).toBeNull();
    // Enter submits from the field itself, so it is the try to save, not leaving the field, that tells.
    await user.keyboard('{Enter}');
    await settle();
    expect(seconds()).toHaveFocus();
    expect(errorOf(seconds())).toHaveTextContent(exactly('Clear the clipboard after 5 seconds at the soonest.'));
    expect(saves(bridge)).toEqual([]);
    expect(screen.queryByText('Saved.')).not.toBeInTheDocument();
  });
});

describe('Settings › Background sync', () => {
  it('shows the schedule (every 5 minutes by default) and saves a choice, off included', async () => {
    const bridge = installFakeBridge();
    const { user } = renderWithData(<SettingsScreen />);
    await settle();
    const schedule = screen.getByRole('combobox', { name: 'Sync the connection shown' });
    expect(schedule).toHaveValue('5');
    expect(screen.getByRole('option', { name: 'Every 5 minutes (default)' })).toBeInTheDocument();
    await user.selectOptions(schedule, 'off');
    await settle();
    expect(bridge.calls.filter((c) => c.fn === 'settings.update').map((c) => c.request)).toEqual([
      { syncEveryMinutes: 'off' },
    ]);
    expect(schedule).toHaveValue('off');
  });
});

describe('Settings › Appearance', () => {
  it('shows the saved theme, and a choice is saved at once and put on the page', async () => {
    const bridge = installFakeBridge({ appInfo: { version: '0.1.0', platform: 'linux', keyring: SECURE } });
    const { user } = renderWithData(
      <>
        <ThemeOnPage />
        <SettingsScreen />
      </>,
    );
    await settle();
    const theme = screen.getByRole('group', { name: 'Theme' });
    expect(within(theme).getByRole('radio', { name: 'System' })).toBeChecked();
    expect(document.documentElement).not.toHaveAttribute('data-theme');

    await user.click(within(theme).getByRole('radio', { name: 'Dark' }));
    await settle();
    expect(lastCall(bridge, 'settings.update')).toEqual({ theme: 'dark' });
    expect(within(theme).getByRole('radio', { name: 'Dark' })).toBeChecked();
    expect(document.documentElement).toHaveAttribute('data-theme', 'dark');

    await user.click(within(theme).getByRole('radio', { name: 'System' }));
    await settle();
    expect(lastCall(bridge, 'settings.update')).toEqual({ theme: 'system' });
    expect(document.documentElement).not.toHaveAttribute('data-theme');
  });
});

const SECURE = { backend: 'gnome_libsecret', secure: true, available: true };

/** What the app shell does with the setting (App calls useTheme). */
function ThemeOnPage() {
  useTheme();
  return null;
}
