import { describe, expect, it } from 'vitest';
import { MemoryClipboard } from '../../src-main/services/clipboard.js';
import { XclipClipboard } from '../../src-main/services/xclip-clipboard.js';
import { systemClipboard } from './system-clipboard.js';

describe('systemClipboard: what Copy reaches in the Chromium fallback', () => {
  const choose = (env: NodeJS.ProcessEnv, platform: NodeJS.Platform = 'linux', hasXclip = true) => {
    const warnings: string[] = [];
    const clipboard = systemClipboard({ env, platform, hasXclip: () => hasXclip, warn: (l) => warnings.push(l) });
    return { clipboard, warnings };
  };

  it('the X11 clipboard through xclip where there is a display, without a word', () => {
    const { clipboard, warnings } = choose({ DISPLAY: ':0' });
    expect(clipboard).toBeInstanceOf(XclipClipboard);
    expect(warnings).toEqual([]);
  });

  it('the in-memory stand-in only without a display, said in one line', () => {
    const { clipboard, warnings } = choose({});
    expect(clipboard).toBeInstanceOf(MemoryClipboard);
    expect(warnings).toEqual(['No display, so there is no system clipboard: Copy stays inside TokenDesk.']);
  });

  it('xclip missing: still the X11 clipboard (Copy then says why it failed), and one line at start', () => {
    const { clipboard, warnings } = choose({ DISPLAY: ':0' }, 'linux', false);
    expect(clipboard).toBeInstanceOf(XclipClipboard);
    expect(warnings).toEqual([
      'xclip is not installed, so Copy cannot reach the clipboard. Install it with: sudo apt-get install xclip',
    ]);
  });

  it('another system: the stand-in, said in one line', () => {
    const { clipboard, warnings } = choose({ DISPLAY: ':0' }, 'darwin');
    expect(clipboard).toBeInstanceOf(MemoryClipboard);
    expect(warnings).toHaveLength(1);
  });
});
