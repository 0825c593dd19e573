/** The Electron adapters behind the system dialogs main asks for (services/system-dialogs.ts). */
import type { BrowserWindow, Dialog, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { FilePicker, FolderPicker, SavePicker } from '../services/system-dialogs.js';

type Dialogs = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;

/** Over the window when there is one, so the dialog is modal to it. */
async function open(dialog: Dialogs, window: BrowserWindow | null, options: OpenDialogOptions): Promise<string | null> {
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

export function createElectronFilePicker(dialog: Dialogs, getWindow: () => BrowserWindow | null): FilePicker {
  return ({ title, extensions }) =>
    open(dialog, getWindow(), {
      title,
      properties: ['openFile', 'promptToCreate'],
      filters: [{ name: 'KeePass database', extensions }],
    });
}

export function createElectronFolderPicker(dialog: Dialogs, getWindow: () => BrowserWindow | null): FolderPicker {
  return ({ title }) => open(dialog, getWindow(), { title, properties: ['openDirectory'] });
}

export function createElectronSavePicker(dialog: Dialogs, getWindow: () => BrowserWindow | null): SavePicker {
  return async ({ title, defaultName, filters }) => {
    const window = getWindow();
    const options: SaveDialogOptions = {
      title,
      defaultPath: defaultName,
      filters,
      properties: ['showOverwriteConfirmation'],
    };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled ? null : (result.filePath ?? null);
  };
}
