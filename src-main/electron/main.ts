/**
 * The one composition root of the Electron main process: builds the keyring and the
 * core, registers the IPC handlers, then opens the window. Everything Electron-specific is wired here
 * and in the small modules beside it; the core itself is plain Node.
 */
import path from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  ClipboardItem,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  systemPreferences,
} from 'electron';
import { createCore } from '../core.js';
import type { Core } from '../core.js';
import { resolveAppLocation } from './app-location.js';
import { APP_SCHEME_PRIVILEGES, serveApp } from './app-protocol.js';
import { appMenuTemplate } from './app-menu.js';
import { addDevConnection } from './dev-connection.js';
import { createElectronClipboard } from './electron-clipboard.js';
import { createElectronFilePicker, createElectronFolderPicker, createElectronSavePicker } from './electron-dialogs.js';
import { createElectronNotifier, createElectronPowerEvents, createElectronPresence } from './electron-lock.js';
import { createElectronProxyResolver } from './electron-proxy.js';
import { createElectronStoreFactory } from './electron-store-factory.js';
import { denyByDefault, hardenSession } from './hardening.js';
import { createEventSender, registerIpcHandlers } from './ipc.js';
import { createSafeStorageKeyring } from './safe-storage-keyring.js';
import { createMainWindow } from './window.js';

/** How long quitting waits for the core to finish (clear the clipboard, flush the store). */
const DISPOSE_TIMEOUT_MS = 3000;

// Every renderer sandboxed, including any the app did not create itself. Must precede `ready`.
app.enableSandbox();
// The renderer's own scheme (app://tokendesk), never file://. Its privileges must be known before `ready`.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  // A second copy would fight the first over the cache files; the first one is focused instead.
  app.quit();
} else {
  start();
}

function start(): void {
  const location = resolveAppLocation({
    appPath: app.getAppPath(),
    isPackaged: app.isPackaged,
    devServerUrl: process.env.VITE_DEV_SERVER_URL,
  });
  const preloadPath = path.join(app.getAppPath(), 'dist', 'main', 'preload.cjs');
  let window: BrowserWindow | null = null;
  let core: Core | null = null;
  let disposed = false;

  denyByDefault(app, location);

  const openWindow = (): BrowserWindow => {
    const created = createMainWindow({
      location,
      preloadPath,
      isPackaged: app.isPackaged,
      dark: nativeTheme.shouldUseDarkColors,
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    window = created;
    return created;
  };

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  app.on('before-quit', (event) => {
    if (disposed || !core) return;
    // Hold the quit until the core has cleaned up, then quit for real.
    event.preventDefault();
    disposed = true;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS).unref());
    void Promise.race([core.dispose(), timeout])
      .catch((error: unknown) => console.error('TokenDesk: cleanup on quit failed', error))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession, location);
      serveApp(protocol, location);
      core = await createCore({
        dataDir: app.getPath('userData'),
        keyring: createSafeStorageKeyring(safeStorage, process.platform),
        emit: createEventSender(() => window),
        appVersion: app.getVersion(),
        platform: process.platform,
        storeFactory: createElectronStoreFactory(),
        // Always the real one here: the core's MemoryClipboard default is for Node and the harness.
        clipboard: createElectronClipboard(clipboard, ClipboardItem, process.platform),
        // The system proxy (OS settings, PAC), as Chromium resolves it; the Node default reads HTTPS_PROXY.
        proxy: createElectronProxyResolver(session.defaultSession),
        // The setting (System, Light, Dark) drives Chromium's prefers-color-scheme and the native controls.
        applyTheme: (theme) => {
          nativeTheme.themeSource = theme;
        },
        power: createElectronPowerEvents(powerMonitor),
        presence: createElectronPresence(systemPreferences, process.platform),
        notifier: createElectronNotifier(Notification),
        showWindow: () => {
          if (!window || window.isDestroyed()) return;
          if (window.isMinimized()) window.restore();
          window.show();
          window.focus();
        },
        dialogs: {
          pickFile: createElectronFilePicker(dialog, () => window),
          pickFolder: createElectronFolderPicker(dialog, () => window),
          pickSavePath: createElectronSavePicker(dialog, () => window),
        },
        // A locked app keeps nothing in the page either: the reload drops the renderer's caches.
        onLocked: () => {
          if (window && !window.isDestroyed()) window.webContents.reload();
        },
      });
      const lockNow = () => void core?.lock();
      Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, lockNow)));
      registerIpcHandlers({ ipcMain, core, location, getWindow: () => window });
      await addDevConnection(core, process.env);
      openWindow();
    })
    .catch((error: unknown) => {
      console.error('TokenDesk: could not start', error);
      app.exit(1);
    });
}
