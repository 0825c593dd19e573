import { describe, expect, it } from 'vitest';
import { concealedFormats, createElectronClipboard, type ClipboardApi } from './electron-clipboard.js';

/** Electron's clipboard cannot run in Node; this stands in for its documented async API. */
function standIn(options: { refuseWrite?: boolean } = {}) {
  let text = '';
  const calls: string[] = [];
  const items: Record<string, unknown>[] = [];
  class Item {
    readonly types: string[];
    constructor(readonly data: Record<string, unknown>) {
      this.types = Object.keys(data);
    }
  }
  const api = {
    readText: () => Promise.resolve(text),
    writeText: (value: string) => {
      calls.push('writeText');
      text = value;
      return Promise.resolve();
    },
    write: (written: Item[]) => {
      calls.push('write');
      if (options.refuseWrite) return Promise.reject(new Error('unsupported format'));
      items.push(...written.map((item) => item.data));
      text = String(written[0]!.data['text/plain']);
      return Promise.resolve();
    },
    clear: () => {
      calls.push('clear');
      text = '';
    },
  };
  return { api: api as unknown as ClipboardApi, Item: Item as never, calls, items };
}

describe('Electron clipboard adapter', () => {
  it('on macOS a concealed copy carries org.nspasteboard.ConcealedType in the same item', async () => {
    const s = standIn();
    const clipboard = createElectronClipboard(s.api, s.Item, 'darwin');
    await clipboard.writeText('secret', { concealed: true });
    expect(s.items).toEqual([
      { 'text/plain': 'secret', 'electron application/osclipboard;format="org.nspasteboard.ConcealedType"': '' },
    ]);
    expect(await clipboard.readText()).toBe('secret');
  });

  it('on Windows it carries ExcludeClipboardContentFromMonitorProcessing; on Linux the KDE hint', () => {
    expect(Object.keys(concealedFormats('win32'))).toEqual([
      'electron application/osclipboard;format="ExcludeClipboardContentFromMonitorProcessing"',
    ]);
    expect(concealedFormats('linux')).toEqual({
      'electron application/osclipboard;format="x-kde-passwordManagerHint"': 'secret',
    });
    expect(concealedFormats('freebsd')).toEqual({});
  });

  it('a plain copy, or a platform that refuses the marker, writes the text plainly', async () => {
    const plain = standIn();
    await createElectronClipboard(plain.api, plain.Item, 'darwin').writeText('a', { concealed: false });
    expect(plain.calls).toEqual(['writeText']);

    const refusing = standIn({ refuseWrite: true });
    const logs: string[] = [];
    const clipboard = createElectronClipboard(refusing.api, refusing.Item, 'win32', (m) => logs.push(m));
    await clipboard.writeText('secret', { concealed: true });
    expect(refusing.calls).toEqual(['write', 'writeText']);
    expect(await clipboard.readText()).toBe('secret');
    expect(logs.join()).not.toContain('secret');
  });

  it('clear empties the clipboard', async () => {
    const s = standIn();
    const clipboard = createElectronClipboard(s.api, s.Item, 'linux');
    await clipboard.writeText('secret', { concealed: true });
    await clipboard.clear();
    expect(await clipboard.readText()).toBe('');
  });
});
