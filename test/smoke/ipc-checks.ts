/** The IPC handlers the built main bundle registered, called the way Electron would call them. */
import { readFileSync } from 'node:fs';
import { filesUnder } from '../../src-main/services/test-support/files.js';
import type { Result } from '../../src-shared/errors.js';
import { ipcContract, ipcEvents } from '../../src-shared/ipc/contract.js';
import type { SyncStatus } from '../../src-shared/ipc/models.js';
import { generateToken } from '../../src-shared/token-format.js';
import type { Checks } from './checks.js';
import { expect, expectEqual, waitFor } from './checks.js';
import type { FakeElectron, FakeWindow } from './fake-electron.js';
import { FakeWebContents } from './fake-electron.js';

type Frame = { url: string; parent: Frame | null } | null;

export async function checkIpc(checks: Checks, fake: FakeElectron, appUrl: string, userData: string): Promise<void> {
  const { ipcMain, safeStorage } = fake.electron;
  const window = fake.windows[0] as FakeWindow;

  const call = async (channel: string, payload: unknown, frame: Frame, sender = window.webContents) => {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return (await handler({ sender, senderFrame: frame }, payload)) as Result<unknown>;
  };
  const ownFrame: Frame = { url: appUrl, parent: null };

  await checks.run('every contract channel has exactly one ipcMain.handle, and nothing else is handled', () => {
    const channels = Object.keys(ipcContract).sort();
    expectEqual([...ipcMain.handleCounts.keys()].sort(), channels, 'handled channels');
    for (const channel of channels) expectEqual(ipcMain.handleCounts.get(channel), 1, `handlers for ${channel}`);
  });

  await checks.run(
    'messages from a foreign page, an iframe, a dead frame or another web contents are refused',
    async () => {
      const cases: [string, Frame, FakeWebContents][] = [
        ['foreign URL', { url: 'https://evil.example/', parent: null }, window.webContents],
        ['another local file', { url: 'file:///tmp/evil.html', parent: null }, window.webContents],
        [
          'the renderer opened as a file',
          { url: `file://${process.cwd()}/dist/renderer/index.html`, parent: null },
          window.webContents,
        ],
        ['another app:// host', { url: 'app://elsewhere/index.html', parent: null }, window.webContents],
        ['iframe of the app', { url: appUrl, parent: ownFrame }, window.webContents],
        ['no frame', null, window.webContents],
        ['other web contents', ownFrame, new FakeWebContents()],
      ];
      for (const [what, frame, sender] of cases) {
        const result = await call('app:info', undefined, frame, sender);
        expect(!result.ok && result.error.code === 'forbidden_sender', `${what}: ${JSON.stringify(result)}`);
      }
    },
  );

  await checks.run('app:info from the app window answers with the safeStorage keyring', async () => {
    const result = await call('app:info', undefined, ownFrame);
    expect(result.ok, `app:info failed: ${JSON.stringify(result)}`);
    expectEqual(
      result.value,
      {
        version: '0.1.0',
        platform: process.platform,
        keyring: { backend: 'gnome_libsecret', secure: true, available: true },
      },
      'app:info',
    );
  });

  await checks.run('a malformed payload is rejected by the contract schema, not passed on', async () => {
    const result = await call('connections:remove', { id: 'c1', extra: true }, ownFrame);
    expect(!result.ok && result.error.code === 'invalid_request', JSON.stringify(result));
  });

  const token = generateToken('personal');
  let connectionId = '';
  await checks.run('connections:add stores the credential through safeStorage, never in plaintext', async () => {
    const before = safeStorage.encryptCalls;
    const result = await call(
      'connections:add',
      { name: 'Smoke', url: 'http://127.0.0.1:9', domain: 'default', token },
      ownFrame,
    );
    expect(result.ok, `connections:add failed: ${JSON.stringify(result)}`);
    connectionId = (result.value as { id: string; credential: string }).id;
    expectEqual((result.value as { credential: string }).credential, 'keychain', 'credential storage');
    expect(safeStorage.encryptCalls > before, 'safeStorage.encryptStringAsync was never called');
    const files = filesUnder(userData);
    expect(files.length > 0, 'nothing written to userData');
    for (const file of files) expect(!readFileSync(file).includes(token), `${file} holds the token in plaintext`);
  });

  await checks.run(
    'settings and connections go through electron-store, which leaves no IPC listener of its own behind',
    () => {
      expect(ipcMain.everListenedOn.includes('electron-store-get-data'), 'electron-store was never used');
      expectEqual(ipcMain.listenerCount('electron-store-get-data'), 0, 'electron-store listeners');
    },
  );

  await checks.run('core events reach the window on declared event channels only', async () => {
    expect(connectionId, 'no connection to sync');
    const sentBefore = window.webContents.sent.length;
    // The connection points at a closed port: the sync answers that the app is offline, and why.
    const result = await call('sync:run', { connectionId }, ownFrame);
    expect(result.ok, `sync:run failed: ${JSON.stringify(result)}`);
    const status = result.value as SyncStatus;
    expectEqual([status.link.state, status.link.code], ['offline', 'network_unreachable'], 'sync:run outcome');
    await waitFor(() => window.webContents.sent.length > sentBefore, 'a sync:status event', 10_000);
    const channels = new Set(window.webContents.sent.map((event) => event.channel));
    expectEqual(
      [...channels].filter((channel) => !(channel in ipcEvents)),
      [],
      'undeclared event channels',
    );
    for (const event of window.webContents.sent) {
      expect(!JSON.stringify(event.payload).includes(token), 'an event carried the token');
    }
  });

  await checks.run(
    'clipboard:copy writes through Electron’s clipboard, marked concealed for this platform',
    async () => {
      const secret = generateToken('serviceAccount');
      const result = await call('clipboard:copy', { text: secret }, ownFrame);
      expect(result.ok, `clipboard:copy failed: ${JSON.stringify(result)}`);
      expectEqual(await fake.electron.clipboard.readText(), secret, 'clipboard text');
      const types = fake.electron.clipboard.current?.types ?? [];
      if (process.platform === 'linux' || process.platform === 'darwin' || process.platform === 'win32') {
        expect(
          types.length === 2 && types.some((t) => t.includes('osclipboard;format=')),
          `types: ${types.join(', ')}`,
        );
      }
    },
  );
}

export async function checkQuit(checks: Checks, fake: FakeElectron): Promise<void> {
  await checks.run('quitting waits for core.dispose, then quits', async () => {
    const { app } = fake.electron;
    app.quit();
    expect(!fake.calls.includes('quit:done'), 'the first quit was not held for cleanup');
    await waitFor(() => fake.calls.includes('quit:done'), 'the quit after cleanup', 5_000);
  });
  await checks.run('quitting cleared the secret it had copied to the clipboard', async () => {
    expectEqual(await fake.electron.clipboard.readText(), '', 'clipboard text after quit');
    expect(fake.calls.indexOf('clipboard.clear') < fake.calls.indexOf('quit:done'), 'cleared after the quit');
  });
}
