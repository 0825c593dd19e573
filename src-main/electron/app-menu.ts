import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: the platform's usual menus (so copy, paste and quit keep their keys), and
 * "Lock TokenDesk" on Ctrl/Cmd+L in the first one.
 */
export function appMenuTemplate(platform: string, lock: () => void): MenuItemConstructorOptions[] {
  const lockItem: MenuItemConstructorOptions = { label: 'Lock TokenDesk', accelerator: 'CmdOrCtrl+L', click: lock };
  const first: MenuItemConstructorOptions =
    platform === 'darwin'
      ? {
          role: 'appMenu',
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            lockItem,
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        }
      : { label: 'File', submenu: [lockItem, { type: 'separator' }, { role: 'quit' }] };
  return [first, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' }];
}
