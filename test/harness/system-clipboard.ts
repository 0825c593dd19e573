/**
 * The clipboard for the Chromium fallback of `npm start`: the real X11 clipboard through xclip, so a
 * Copy can be pasted elsewhere. Only where there is no display to hold a clipboard does Copy stay
 * inside TokenDesk (the in-memory stand-in), said in one line.
 */
import { MemoryClipboard, type Clipboard } from '../../src-main/services/clipboard.js';
import { XclipClipboard } from '../../src-main/services/xclip-clipboard.js';
import { onPath } from '../../src-main/services/test-support/xvfb.js';

export interface SystemClipboardOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Whether xclip is installed; looked up on PATH unless given. */
  hasXclip?: () => boolean;
  warn?: (line: string) => void;
}

export function systemClipboard(options: SystemClipboardOptions = {}): Clipboard {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const warn = options.warn ?? ((line: string) => console.warn(line));
  if (platform !== 'linux') {
    warn('Copy stays inside TokenDesk: the Chromium fallback reaches the system clipboard on Linux (X11) only.');
    return new MemoryClipboard();
  }
  if (!env.DISPLAY) {
    warn('No display, so there is no system clipboard: Copy stays inside TokenDesk.');
    return new MemoryClipboard();
  }
  // With a display, Copy goes to it or says why not; a missing xclip is said now as well.
  if (!(options.hasXclip ?? (() => onPath('xclip')))()) {
    warn('xclip is not installed, so Copy cannot reach the clipboard. Install it with: sudo apt-get install xclip');
  }
  return new XclipClipboard({ env });
}
