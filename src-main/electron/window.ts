import { BrowserWindow } from 'electron';
import type { WebPreferences } from 'electron';
import type { AppLocation } from './app-location.js';
import { lockDownWebContents } from './hardening.js';
import { WINDOW_SIZE } from './window-size.js';

export type MainWindowOptions = {
  location: AppLocation;
  /** Absolute path of dist/main/preload.cjs. */
  preloadPath: string;
  isPackaged: boolean;
  /** The theme in use (nativeTheme): the window's colour before the page paints, so it does not flash. */
  dark?: boolean;
};

/** The page's background in each theme (--bg in src-renderer/styles/base.css). */
export const WINDOW_BACKGROUND = { light: '#f5f6f8', dark: '#0f141a' } as const;

/** The locked-down baseline every TokenDesk window uses; createMainWindow is the one window factory. */
export function hardenedWebPreferences(options: Pick<MainWindowOptions, 'preloadPath' | 'isPackaged'>): WebPreferences {
  return {
    preload: options.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: !options.isPackaged,
  };
}

/** The one window factory: creates the main window, locks down its web contents, loads the app. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'TokenDesk',
    ...WINDOW_SIZE,
    show: false,
    backgroundColor: options.dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(options),
  });

  // Also done app-wide on 'web-contents-created'; repeated here so the factory is safe on its own.
  lockDownWebContents(window.webContents, options.location);

  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.location.url).catch((error: unknown) => {
    // A failed load leaves a blank window; say why on stderr rather than failing silently.
    console.error('TokenDesk: could not load the renderer:', error);
  });
  return window;
}
