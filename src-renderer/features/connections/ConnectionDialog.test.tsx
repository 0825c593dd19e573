import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { loadConnections } from '../../data/open-connection.js';
import { useAppStore } from '../../store/app-store.js';
import { cacheText } from '../../test-support/cache-text.js';
import { gate, settle, tick } from '../../test-support/connected.js';
import { connection } from '../../test-support/fake-bridge.js';
import { installFakeBridge, renderWithData } from '../../test-support/render.js';
import { ConnectionsScreen } from './ConnectionsScreen.js';

const SECRET = 'tdk_pt_Do_not_leak_this_secret_0123';
const BASIC_TEXT = {
  version: '0.1.0',
  platform: 'linux',
  keyring: { backend: 'basic_text', secure: false, available: true },
};

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function fieldError(label: string): string | null {
  const input = screen.getByLabelText(label);
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ');
  const error = ids.map((id) => document.getElementById(id)).find((el) => el?.className === 'field__error');
  return error?.textContent ?? null;
}

/** Start-up's reading of the connections (and the app info the screen reads itself). */
async function load() {
  await act(() => loadConnections());
  await settle();
}

async function openAdd() {
  await load();
  fireEvent.click(screen.getAllByRole('button', { name: 'Add connection' })[0]!);
  return screen.getByRole('dialog', { name: 'Add connection' });
}

describe('Connections screen', () => {
  it('explains the empty state', async () => {
    installFakeBridge();
    renderWithData(<ConnectionsScreen />);
    await load();
    expect(screen.getByRole('heading', { name: 'No connections yet' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add connection' })).toBeTruthy();
  });

  it('lists where each credential is kept', async () => {
    installFakeBridge({
      connections: [
        connection(),
        connection({ id: 'c2', name: 'Staging', credential: 'memory' }),
        connection({ id: 'c3', name: 'Lab', credential: 'missing' }),
      ],
    });
    renderWithData(<ConnectionsScreen />);
    await load();
    const table = screen.getByRole('table', { name: 'Connections' });
    expect(table.textContent).toContain('Keychain');
    expect(table.textContent).toContain('Memory only');
    expect(table.textContent).toContain('Missing');
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('says plainly when there is no secure keychain, and claims no encryption', async () => {
    installFakeBridge({ appInfo: BASIC_TEXT });
    renderWithData(<ConnectionsScreen />);
    await load();
    expect(screen.getByRole('note').textContent).toContain(
      'No system keychain: the token and cached data are kept in memory only and are gone when you quit.',
    );
    const screenText = document.body.textContent ?? '';
    expect(screenText).toContain('keeps a copy in memory');
    expect(screenText).not.toMatch(/encrypt/i);
  });
});

describe('Connection dialog', () => {
  it('shows the shared schema’s messages under each field on Save', async () => {
    const bridge = installFakeBridge();
    renderWithData(<ConnectionsScreen />);
    const dialog = await openAdd();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(screen.getByLabelText<HTMLInputElement>('Domain').value).toBe('default');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(fieldError('Name')).toBe('Give the connection a name.');
    expect(fieldError('Server URL')).toBe('Enter a full URL, for example https://tokens.example.com');
    expect(fieldError('Admin token')).toBe('Paste the admin token for this server.');
    expect(fieldError('Domain')).toBeNull();
    expect(bridge.calls.some((c) => c.fn === 'connections.add')).toBe(false);
  });

  it('validates live as the user types', async () => {
    installFakeBridge();
    renderWithData(<ConnectionsScreen />);
    await openAdd();
    type('Server URL', 'http://tokens.example.com');
    expect(fieldError('Server URL')).toBe(
      'Use https. Plain http is allowed only for this computer (127.0.0.1 or localhost).',
    );
    type('Server URL', 'http://127.0.0.1:7300');
    expect(fieldError('Server URL')).toBeNull();
    // Untouched fields stay quiet until Save.
    expect(fieldError('Name')).toBeNull();
  });

  it('tests the connection and says who we are', async () => {
    const bridge = installFakeBridge();
    renderWithData(<ConnectionsScreen />);
    await openAdd();
    type('Name', 'Local');
    type('Server URL', 'http://127.0.0.1:7300');
    type('Admin token', SECRET);
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByText('Connected as admin (Admin) — server 0.1.0');
    expect(bridge.calls.find((c) => c.fn === 'connections.test')?.request).toMatchObject({ token: SECRET });
  });

  it('shows a failed test in the server’s words', async () => {
    installFakeBridge({
      testResult: { ok: false, error: { code: 'token_unknown', message: 'The server does not know this token.' } },
    });
    renderWithData(<ConnectionsScreen />);
    await openAdd();
    type('Name', 'Local');
    type('Server URL', 'http://127.0.0.1:7300');
    type('Admin token', 'tdk_pt_x');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByText('The server does not know this token.');
  });

  it('saves, and the token never enters the store or the query client', async () => {
    const bridge = installFakeBridge();
    const held = gate();
    bridge.state.holds['connections.add'] = held.promise;
    renderWithData(<ConnectionsScreen />);
    await openAdd();
    type('Name', 'Local');
    type('Server URL', 'http://127.0.0.1:7300');
    type('Admin token', SECRET);
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await tick();
    // While the save waits for main, its mutation holds the values typed: in a box that does not show.
    expect(cacheText()).toContain('[concealed]');
    expect(cacheText()).not.toContain(SECRET);
    held.release();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
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
    const bridge = installFakeBridge();
    bridge.state.failNext['connections.add'] = { code: 'keyring_unavailable', message: 'The keychain is locked.' };
    renderWithData(<ConnectionsScreen />);
    await openAdd();
    type('Name', 'Local');
    type('Server URL', 'http://127.0.0.1:7300');
    type('Admin token', SECRET);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Could not save: The keychain is locked.');
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('says the token stays in memory only when the keychain is not secure, with no way to store it anyway', async () => {
    installFakeBridge({ appInfo: BASIC_TEXT });
    renderWithData(<ConnectionsScreen />);
    await settle();
    const dialog = await openAdd();
    expect(within(dialog).getByRole('note').textContent).toContain(
      'No system keychain: the token and cached data are kept in memory only and are gone when you quit.',
    );
    expect(within(dialog).queryByRole('checkbox')).toBeNull();
    expect(dialog.textContent).not.toMatch(/encrypt/i);
  });

  it('asks for the token again when the server address changes, and says why', async () => {
    const bridge = installFakeBridge({ connections: [connection()] });
    renderWithData(<ConnectionsScreen />);
    await load();
    fireEvent.click(screen.getByRole('button', { name: 'Edit Production' }));
    const token = screen.getByLabelText<HTMLInputElement>('Admin token');
    expect(token.required).toBe(false);

    type('Server URL', 'https://elsewhere.example.com');
    expect(token.required).toBe(true);
    expect(token.placeholder).toBe('tdk_pt_…');
    const hint = document.getElementById(token.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe(
      'Required: the server address changed, and TokenDesk sends the saved token only to the address it was entered for.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(fieldError('Admin token')).toBe('Enter the admin token for the new address.');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(bridge.calls.filter((c) => c.fn === 'connections.update' || c.fn === 'connections.test')).toEqual([]);

    type('Admin token', SECRET);
    expect(fieldError('Admin token')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bridge.calls.find((c) => c.fn === 'connections.update')?.request).toMatchObject({
      patch: { url: 'https://elsewhere.example.com', token: SECRET },
    });
  });

  it('edits with a blank token meaning keep the current one, and Escape closes', async () => {
    const bridge = installFakeBridge({ connections: [connection()] });
    renderWithData(<ConnectionsScreen />);
    await load();
    fireEvent.click(screen.getByRole('button', { name: 'Edit Production' }));
    expect(screen.getByLabelText<HTMLInputElement>('Admin token').value).toBe('');
    type('Name', 'Production EU');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const patch = (bridge.calls.find((c) => c.fn === 'connections.update')?.request as { patch: object }).patch;
    expect(patch).toMatchObject({ name: 'Production EU' });
    expect(patch).not.toHaveProperty('token');

    fireEvent.click(screen.getByRole('button', { name: 'Edit Production EU' }));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('removes after confirmation', async () => {
    const bridge = installFakeBridge({ connections: [connection()] });
    renderWithData(<ConnectionsScreen />);
    await load();
    fireEvent.click(screen.getByRole('button', { name: 'Remove Production' }));
    expect(screen.getByRole('dialog', { name: 'Remove connection?' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    await screen.findByText('No connections yet');
    expect(bridge.calls.some((c) => c.fn === 'connections.remove')).toBe(true);
  });
});
