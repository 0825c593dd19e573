import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../src-shared/errors.js';
import { loadConnections } from '../../data/open-connection.js';
import { useAppStore } from '../../store/app-store.js';
import { exactly } from '../../test-support/assertions.js';
import { cacheText } from '../../test-support/cache-text.js';
import { gate, settle, tick } from '../../test-support/connected.js';
import { connection, type FakeState } from '../../test-support/fake-bridge.js';
import { errorOf } from '../../test-support/fields.js';
import { installFakeBridge, renderWithData } from '../../test-support/render.js';
import { fill, type User } from '../../test-support/user.js';
import { ConnectionsScreen } from './ConnectionsScreen.js';

const SECRET = 'tdk_pt_Do_not_leak_this_secret_0123';
const BASIC_TEXT = {
  version: '0.1.0',
  platform: 'linux',
  keyring: { backend: 'basic_text', secure: false, available: true },
};

const field = (label: string) => screen.getByLabelText(label);
const button = (name: string) => screen.getByRole('button', { name });

/** The Connections screen over a fake holding `initial`, once start-up has read the connections. */
async function showConnections(initial: Partial<FakeState> = {}) {
  const bridge = installFakeBridge(initial);
  const { user } = renderWithData(<ConnectionsScreen />);
  await act(() => loadConnections());
  await settle();
  return { bridge, user };
}

async function openAdd(user: User) {
  await user.click(screen.getAllByRole('button', { name: 'Add connection' })[0]!);
  return screen.getByRole('dialog', { name: 'Add connection' });
}

/** Fills in a new local connection with `token`. */
async function fillLocal(user: User, token: string) {
  await fill(user, field('Name'), 'Local');
  await fill(user, field('Server URL'), 'http://127.0.0.1:7300');
  await fill(user, field('Admin token'), token);
}

describe('Connections screen', () => {
  it('explains the empty state', async () => {
    await showConnections();
    expect(screen.getByRole('heading', { name: 'No connections yet' })).toBeVisible();
    expect(button('Add connection')).toBeEnabled();
  });

  it('lists where each credential is kept', async () => {
    await showConnections({
      connections: [
        connection(),
        connection({ id: 'c2', name: 'Staging', credential: 'memory' }),
        connection({ id: 'c3', name: 'Lab', credential: 'missing' }),
      ],
    });
    const table = screen.getByRole('table', { name: 'Connections' });
    expect(table).toHaveTextContent('Keychain');
    expect(table).toHaveTextContent('Memory only');
    expect(table).toHaveTextContent('Missing');
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
  });

  it('says plainly when there is no secure keychain, and claims no encryption', async () => {
    await showConnections({ appInfo: BASIC_TEXT });
    expect(screen.getByRole('note')).toHaveTextContent(
      'No system keychain: the token and cached data are kept in memory only and are gone when you quit.',
    );
    expect(document.body).toHaveTextContent('keeps a copy in memory');
    expect(document.body).not.toHaveTextContent(/encrypt/i);
  });
});

describe('Connection dialog', () => {
  it('shows the shared schema’s messages under each field on Save', async () => {
    const { bridge, user } = await showConnections();
    const dialog = await openAdd(user);
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(field('Domain')).toHaveValue('default');
    await user.click(button('Save'));
    expect(errorOf(field('Name'))).toHaveTextContent(exactly('Give the connection a name.'));
    expect(errorOf(field('Server URL'))).toHaveTextContent(
      exactly('Enter a full URL (for example https://tokens.example.com).'),
    );
    expect(errorOf(field('Admin token'))).toHaveTextContent(exactly('Paste the admin token for this server.'));
    expect(errorOf(field('Domain'))).not.toBeInTheDocument();
    expect(bridge.calls.some((c) => c.fn === 'connections.add')).toBe(false);
  });

  it('judges a field once it was changed and left; the dialog opens without errors', async () => {
    const { user } = await showConnections();
    await openAdd(user);
    expect(errorOf(field('Name'))).not.toBeInTheDocument();
    // Passing through Name without changing it says nothing.
    await user.click(field('Server URL'));
    expect(errorOf(field('Name'))).not.toBeInTheDocument();
    await fill(user, field('Server URL'), 'http://tokens.example.com');
    expect(errorOf(field('Server URL'))).not.toBeInTheDocument();
    await user.tab();
    expect(errorOf(field('Server URL'))).toHaveTextContent(
      exactly('Use https. Plain http is allowed only for this computer (127.0.0.1 or localhost).'),
    );
    await fill(user, field('Server URL'), 'http://127.0.0.1:7300');
    expect(errorOf(field('Server URL'))).not.toBeInTheDocument();
    // Fields the user has not changed stay quiet until Save.
    expect(errorOf(field('Admin token'))).not.toBeInTheDocument();
    expect(errorOf(field('Name'))).not.toBeInTheDocument();
  });

  it('opens on the first field, and Save or Test with a mistake takes focus to the first field that has one', async () => {
    const { user } = await showConnections();
    await openAdd(user);
    expect(field('Name')).toHaveFocus();

    await fill(user, field('Name'), 'Production');
    await user.click(button('Save'));
    expect(field('Server URL')).toHaveFocus();

    await fill(user, field('Server URL'), 'https://tokens.example.com');
    await user.click(button('Test connection'));
    expect(field('Admin token')).toHaveFocus();
  });

  it('tests the connection and says who we are', async () => {
    const { bridge, user } = await showConnections();
    await openAdd(user);
    await fillLocal(user, SECRET);
    await user.click(button('Test connection'));
    expect(await screen.findByText('Connected as admin (Admin) — server 0.1.0')).toBeVisible();
    expect(bridge.calls.find((c) => c.fn === 'connections.test')?.request).toMatchObject({ token: SECRET });
  });

  it('shows a failed test in the server’s words', async () => {
    const { user } = await showConnections({
      testResult: { ok: false, error: { code: 'token_unknown', message: 'The server does not know this token.' } },
    });
    await openAdd(user);
    await fillLocal(user, 'tdk_pt_x');
    await user.click(button('Test connection'));
    expect(await screen.findByText('The server does not know this token.')).toBeVisible();
  });

  it('saves, and the token never enters the store or the query client', async () => {
    const held = gate();
    const { bridge, user } = await showConnections({ holds: { 'connections.add': held.promise } });
    await openAdd(user);
    await fillLocal(user, SECRET);
    await user.click(button('Test connection'));
    await user.click(button('Save'));
    await tick();
    // While the save waits for main, its mutation holds the values typed: in a box that does not show.
    expect(cacheText()).toContain('[concealed]');
    expect(cacheText()).not.toContain(SECRET);
    held.release();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(bridge.calls.find((c) => c.fn === 'connections.add')?.request).toMatchObject({
      name: 'Local',
      url: 'http://127.0.0.1:7300',
      domain: 'default',
      token: SECRET,
    });
    expect(JSON.stringify(useAppStore.getState())).not.toContain(SECRET);
    expect(cacheText()).not.toContain(SECRET);
    expect(JSON.stringify(window.localStorage)).not.toContain(SECRET);
    expect(window.localStorage.getItem('tokendesk.lastConnectionId')).toBe('c1');
  });

  it('shows a save error where it happened', async () => {
    const { user } = await showConnections({
      failNext: { 'connections.add': { code: 'keyring_unavailable', message: 'The keychain is locked.' } },
    });
    await openAdd(user);
    await fillLocal(user, SECRET);
    await user.click(button('Save'));
    expect(await screen.findByRole('alert')).toHaveTextContent(exactly('Could not save: The keychain is locked.'));
    expect(screen.getByRole('dialog')).toBeVisible();
  });

  it('says the token stays in memory only when the keychain is not secure, with no way to store it anyway', async () => {
    const { user } = await showConnections({ appInfo: BASIC_TEXT });
    const dialog = await openAdd(user);
    expect(within(dialog).getByRole('note')).toHaveTextContent(
      'No system keychain: the token and cached data are kept in memory only and are gone when you quit.',
    );
    expect(within(dialog).queryByRole('checkbox')).not.toBeInTheDocument();
    expect(dialog).not.toHaveTextContent(/encrypt/i);
  });

  it('asks for the token again when the server address changes, and says why', async () => {
    const { bridge, user } = await showConnections({ connections: [connection()] });
    await user.click(button('Edit Production'));
    const token = field('Admin token');
    expect(token).not.toBeRequired();

    await fill(user, field('Server URL'), 'https://elsewhere.example.com');
    expect(token).toBeRequired();
    expect(token).toHaveAttribute('placeholder', 'tdk_pt_…');
    expect(token).toHaveAccessibleDescription(
      'Required: the server address changed, and TokenDesk sends the saved token only to the address it was entered for.',
    );
    await user.click(button('Save'));
    expect(errorOf(token)).toHaveTextContent(exactly('Enter the admin token for the new address.'));
    await user.click(button('Test connection'));
    expect(bridge.calls.filter((c) => c.fn === 'connections.update' || c.fn === 'connections.test')).toEqual([]);

    await fill(user, token, SECRET);
    expect(errorOf(token)).not.toBeInTheDocument();
    await user.click(button('Save'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(bridge.calls.find((c) => c.fn === 'connections.update')?.request).toMatchObject({
      patch: { url: 'https://elsewhere.example.com', token: SECRET },
    });
  });

  it('edits with a blank token meaning keep the current one, and Escape closes', async () => {
    const { bridge, user } = await showConnections({ connections: [connection()] });
    await user.click(button('Edit Production'));
    expect(field('Admin token')).toHaveValue('');
    await fill(user, field('Name'), 'Production EU');
    await user.click(button('Save'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const patch = (bridge.calls.find((c) => c.fn === 'connections.update')?.request as { patch: object }).patch;
    expect(patch).toMatchObject({ name: 'Production EU' });
    expect(patch).not.toHaveProperty('token');

    await user.click(button('Edit Production EU'));
    expect(screen.getByRole('dialog')).toBeVisible();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('with input, Escape asks before discarding it', async () => {
    const { user } = await showConnections();
    const dialog = await openAdd(user);
    await fill(user, field('Name'), 'Local');
    await user.keyboard('{Escape}');
    const ask = screen.getByRole('dialog', { name: 'Discard changes?' });
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(field('Name')).toHaveValue('Local');
    await user.keyboard('{Escape}');
    await user.click(
      within(screen.getByRole('dialog', { name: 'Discard changes?' })).getByRole('button', { name: 'Discard' }),
    );
    expect(dialog).not.toBeInTheDocument();
  });

  it('removes after confirmation', async () => {
    const { bridge, user } = await showConnections({ connections: [connection()] });
    await user.click(button('Remove Production'));
    expect(screen.getByRole('dialog', { name: 'Remove connection?' })).toBeVisible();
    await user.click(button('Remove'));
    expect(await screen.findByText('No connections yet')).toBeVisible();
    expect(bridge.calls.some((c) => c.fn === 'connections.remove')).toBe(true);
  });
});

describe('A certificate no trusted authority signed', () => {
  const PIN = 'sha256//r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=';
  const untrusted: AppError = {
    code: 'certificate_untrusted',
    message:
      'The certificate of tokens.example.com is not signed by an authority this computer trusts. Nothing was sent.',
    details: {
      certificate: {
        fingerprint: 'AB:CD:EF:01',
        pin: PIN,
        subject: 'CN=tokens.example.com',
        issuer: 'CN=Example Private CA',
        validFrom: '2026-01-01T00:00:00.000Z',
        validTo: '2027-01-01T00:00:00.000Z',
      },
    },
  };

  async function fillRemote(user: User) {
    await fill(user, field('Name'), 'Remote');
    await fill(user, field('Server URL'), 'https://tokens.example.com');
    await fill(user, field('Admin token'), SECRET);
  }

  it('is shown with its fingerprint; Trust pins its key and tests again with it', async () => {
    const { bridge, user } = await showConnections({ failNext: { 'connections.test': untrusted } });
    await openAdd(user);
    await fillRemote(user);
    await user.click(button('Test connection'));
    const trust = await screen.findByRole('dialog', { name: 'Check this server’s certificate' });
    expect(trust).toHaveTextContent('AB:CD:EF:01');
    expect(trust).toHaveTextContent(PIN);
    expect(trust).toHaveTextContent('CN=Example Private CA');
    expect(trust).toHaveAccessibleDescription(
      /TokenDesk can’t confirm that tokens\.example\.com is the server you mean/,
    );
    await user.click(within(trust).getByRole('button', { name: 'Trust and connect' }));
    expect(await screen.findByText(/^Connected as admin/)).toBeVisible();
    const tests = bridge.calls.filter((c) => c.fn === 'connections.test').map((c) => c.request);
    expect(tests).toHaveLength(2);
    expect(tests[0]).not.toHaveProperty('pinnedKey');
    expect(tests[1]).toMatchObject({ pinnedKey: PIN });
    expect(field('Pinned server key')).toHaveValue(PIN);
    // Save keeps the pin with the new connection.
    await user.click(button('Save'));
    await waitFor(() => expect(bridge.calls.some((c) => c.fn === 'connections.add')).toBe(true));
    expect(bridge.calls.find((c) => c.fn === 'connections.add')?.request).toMatchObject({ pinnedKey: PIN });
  });

  it('Cancel trusts nothing and says why the test failed', async () => {
    const { bridge, user } = await showConnections({ failNext: { 'connections.test': untrusted } });
    await openAdd(user);
    await fillRemote(user);
    await user.click(button('Test connection'));
    const trust = await screen.findByRole('dialog', { name: 'Check this server’s certificate' });
    await user.click(within(trust).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog', { name: 'Check this server’s certificate' })).not.toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'Connection test' })).toHaveTextContent('is not signed by an authority');
    expect(bridge.calls.filter((c) => c.fn === 'connections.test')).toHaveLength(1);
    // Nothing was pinned: the certificate settings stay folded away, empty.
    expect(screen.queryByLabelText('Pinned server key')).not.toBeInTheDocument();
  });

  it('a changed pinned key is refused in words, never offered for trust', async () => {
    const { user } = await showConnections({
      failNext: {
        'connections.test': {
          code: 'certificate_changed',
          message: 'The server at tokens.example.com presented a different key.',
        },
      },
    });
    await openAdd(user);
    await fillRemote(user);
    await user.click(button('Test connection'));
    expect(await screen.findByText('The server at tokens.example.com presented a different key.')).toBeVisible();
    expect(screen.queryByRole('dialog', { name: 'Check this server’s certificate' })).not.toBeInTheDocument();
  });

  it('a saved connection stores the trusted key at once, then tests with its saved token', async () => {
    const { bridge, user } = await showConnections({
      connections: [connection()],
      failNext: { 'connections.test': untrusted },
    });
    await user.click(screen.getByRole('button', { name: /Edit/ }));
    await user.click(button('Test connection'));
    const trust = await screen.findByRole('dialog', { name: 'Check this server’s certificate' });
    await user.click(within(trust).getByRole('button', { name: 'Trust and connect' }));
    expect(await screen.findByText(/^Connected as admin/)).toBeVisible();
    expect(bridge.calls.find((c) => c.fn === 'connections.update')?.request).toEqual({
      id: 'c1',
      patch: { pinnedKey: PIN },
    });
    expect(bridge.calls.filter((c) => c.fn === 'connections.test').map((c) => c.request)).toEqual([
      { id: 'c1' },
      { id: 'c1' },
    ]);
  });
});
