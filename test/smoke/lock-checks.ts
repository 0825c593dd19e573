/** The app lock as the built main bundle wires it: the menu item, and powerMonitor's screen lock. */
import type { Result } from '../../src-shared/errors.js';
import type { Checks } from './checks.js';
import { expect, expectEqual, waitFor } from './checks.js';
import type { FakeElectron, FakeWindow } from './fake-electron.js';

type MenuItem = { label?: string; accelerator?: string; click?: () => void; submenu?: MenuItem[] };

export async function checkLock(checks: Checks, fake: FakeElectron, appUrl: string): Promise<void> {
  const window = fake.windows[0] as FakeWindow;
  const call = async (channel: string, payload?: unknown) => {
    const handler = fake.electron.ipcMain.handlers.get(channel)!;
    return (await handler(
      { sender: window.webContents, senderFrame: { url: appUrl, parent: null } },
      payload,
    )) as Result<{
      locked: boolean;
    }>;
  };
  const lockItem = () =>
    ((fake.electron.Menu.template ?? []) as MenuItem[])
      .flatMap((menu) => menu.submenu ?? [])
      .find((item) => item.label === 'Lock TokenDesk');

  await checks.run('the menu has Lock TokenDesk on Ctrl/Cmd+L', () => {
    expectEqual(lockItem()?.accelerator, 'CmdOrCtrl+L', 'accelerator');
  });

  await checks.run('a screen lock locks the app once a passphrase is set, and the window is reloaded', async () => {
    const setUp = await call('lock:setUp', { passphrase: 'smoke test passphrase' });
    expect(setUp.ok, `lock:setUp: ${JSON.stringify(setUp)}`);
    const reloads = window.webContents.reloads;
    fake.electron.powerMonitor.emit('lock-screen');
    await waitFor(() => window.webContents.reloads > reloads, 'the reload after the lock');
    const status = await call('lock:status');
    expect(status.ok && status.value.locked, `lock:status: ${JSON.stringify(status)}`);
    const refused = await call('connections:list');
    expect(!refused.ok && refused.error.code === 'locked', `connections:list: ${JSON.stringify(refused)}`);
    const unlocked = await call('lock:unlock', { passphrase: 'smoke test passphrase' });
    expect(unlocked.ok && !unlocked.value.locked, `lock:unlock: ${JSON.stringify(unlocked)}`);
    // The menu item locks too.
    lockItem()!.click!();
    await waitFor(() => window.webContents.reloads > reloads + 1, 'the reload after the menu lock');
  });
}
