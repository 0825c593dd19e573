import type { Dialog, Notification as ElectronNotification } from 'electron';
import { describe, expect, it } from 'vitest';
import { createElectronFolderPicker, createElectronSavePicker } from './electron-dialogs.js';
import { createElectronNotifier } from './electron-lock.js';

/** Electron's Notification as the adapter uses it: options, show, and its click and close events. */
class FakeNotification {
  static supported = true;
  static made: FakeNotification[] = [];
  static isSupported = () => FakeNotification.supported;
  readonly listeners = new Map<string, () => void>();
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    FakeNotification.made.push(this);
  }
  on(event: string, listener: () => void) {
    this.listeners.set(event, listener);
    return this;
  }
  show() {
    this.shown = true;
  }
}

describe('Electron adapters', () => {
  it('a notification is shown with its words, and a click runs what it opens', () => {
    FakeNotification.made = [];
    const notifier = createElectronNotifier(FakeNotification as unknown as typeof ElectronNotification);
    let clicked = 0;
    notifier.notify({ title: 'Token expires within 1 day', body: '"deploy" of "ci".', onClick: () => clicked++ });
    const [shown] = FakeNotification.made;
    expect(shown).toMatchObject({
      shown: true,
      options: { title: 'Token expires within 1 day', body: '"deploy" of "ci".' },
    });
    shown!.listeners.get('click')!();
    expect(clicked).toBe(1);
  });

  it('shows nothing where the system has no notifications', () => {
    FakeNotification.made = [];
    FakeNotification.supported = false;
    createElectronNotifier(FakeNotification as unknown as typeof ElectronNotification).notify({
      title: 't',
      body: 'b',
    });
    FakeNotification.supported = true;
    expect(FakeNotification.made).toEqual([]);
  });

  it('asks for a folder, and for where to save, over the window; cancelled is null', async () => {
    const asked: unknown[] = [];
    const dialog = {
      showOpenDialog: (_window: unknown, options: unknown) => {
        asked.push(options);
        return Promise.resolve({ canceled: false, filePaths: ['/home/dev/app'] });
      },
      showSaveDialog: (_window: unknown, options: unknown) => {
        asked.push(options);
        return Promise.resolve({ canceled: true, filePath: '' });
      },
    } as unknown as Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
    const window = {} as never;
    expect(await createElectronFolderPicker(dialog, () => window)({ title: 'Scan' })).toBe('/home/dev/app');
    const filters = [{ name: 'CSV', extensions: ['csv'] }];
    expect(
      await createElectronSavePicker(dialog, () => window)({ title: 'Export', defaultName: 'x.csv', filters }),
    ).toBeNull();
    expect(asked).toEqual([
      { title: 'Scan', properties: ['openDirectory'] },
      { title: 'Export', defaultPath: 'x.csv', filters, properties: ['showOverwriteConfirmation'] },
    ]);
  });
});
