import type { Clipboard as ElectronClipboard, ClipboardItem as ElectronClipboardItem } from 'electron';
import type { Clipboard } from '../services/clipboard.js';

/** The part of Electron 45's clipboard this adapter uses (readText/writeText/write are async there). */
export type ClipboardApi = Pick<ElectronClipboard, 'readText' | 'writeText' | 'write' | 'clear'>;
export type ClipboardItemConstructor = new (
  items: Record<string, string | Blob | Promise<Blob | string>>,
) => ElectronClipboardItem;

/** A raw platform clipboard format, as Electron names one beside the MIME types. */
function rawFormat(name: string): string {
  return `electron application/osclipboard;format="${name}"`;
}

/**
 * The extra formats that tell clipboard managers and history not to keep a copy, where the platform
 * has such a convention: macOS `org.nspasteboard.ConcealedType` (nspasteboard.org, honoured by the
 * common clipboard managers), Windows `ExcludeClipboardContentFromMonitorProcessing` (kept out of
 * clipboard history and cloud sync), KDE's `x-kde-passwordManagerHint` (Klipper).
 */
export function concealedFormats(platform: string): Record<string, string> {
  switch (platform) {
    case 'darwin':
      return { [rawFormat('org.nspasteboard.ConcealedType')]: '' };
    case 'win32':
      return { [rawFormat('ExcludeClipboardContentFromMonitorProcessing')]: '' };
    case 'linux':
      return { [rawFormat('x-kde-passwordManagerHint')]: 'secret' };
    default:
      return {};
  }
}

/**
 * The core's Clipboard over Electron's. A concealed copy is written as one item holding the text and
 * the platform's "do not keep this" marker, atomically; if the platform refuses the marker, the text
 * is written plainly rather than not at all (the user asked to copy it; it is still cleared later).
 */
export function createElectronClipboard(
  clipboard: ClipboardApi,
  ClipboardItem: ClipboardItemConstructor,
  platform: string,
  log: (message: string) => void = (message) => console.error(message),
): Clipboard {
  return {
    readText: () => clipboard.readText(),
    async writeText(text, { concealed }) {
      const markers = concealed ? concealedFormats(platform) : {};
      if (Object.keys(markers).length === 0) return clipboard.writeText(text);
      try {
        await clipboard.write([new ClipboardItem({ 'text/plain': text, ...markers })]);
      } catch (error) {
        log(`TokenDesk: the clipboard refused the concealed format (${error instanceof Error ? error.name : 'error'})`);
        await clipboard.writeText(text);
      }
    },
    clear: () => {
      clipboard.clear();
      return Promise.resolve();
    },
  };
}
