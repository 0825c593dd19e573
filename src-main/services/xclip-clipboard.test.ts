import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipboardService } from './clipboard.js';
import { pasted, startXvfb, x11ClipboardSkipReason, type VirtualDisplay } from './test-support/xvfb.js';
import { XclipClipboard } from './xclip-clipboard.js';

// Skipped, with this reason, only where xclip or Xvfb is missing; in CI their absence fails instead.
const SKIP_REASON = x11ClipboardSkipReason();

/** A token-shaped secret, new for each use. */
const newSecret = (): string => `tdk_sa_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`;

/** Every process's argv and environment we may read, each as one string (NULs as spaces). */
function processes(): { pid: string; cmdline: string; environ: string }[] {
  const read = (path: string): string => {
    try {
      return readFileSync(path, 'latin1').replace(/\0/g, ' ');
    } catch {
      return '';
    }
  };
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => ({ pid, cmdline: read(`/proc/${pid}/cmdline`), environ: read(`/proc/${pid}/environ`) }));
}

describe.skipIf(SKIP_REASON !== null)(
  `XclipClipboard on a real X11 display (Xvfb)${SKIP_REASON ? ` — skipped: ${SKIP_REASON}` : ''}`,
  () => {
    let x: VirtualDisplay;
    beforeAll(async () => {
      x = await startXvfb();
    });
    afterAll(async () => {
      // The xclip that serves the last (empty) selection exits with its display.
      await x?.stop();
    });

    it('copies on stdin only, a paste sees it, and the service clears it after the delay and on quit', async () => {
      const spawned: string[][] = [];
      const spy = ((command: string, args: string[], options: object): ChildProcess => {
        spawned.push([command, ...args]);
        return spawn(command, args, options);
      }) as typeof spawn;
      const clipboard = new XclipClipboard({ env: { ...process.env, DISPLAY: x.display }, spawn: spy });
      const logged: string[] = [];
      const service = new ClipboardService({
        clipboard,
        clearAfterSeconds: () => 1,
        log: (message) => logged.push(message),
      });

      const secret = newSecret();
      const started = Date.now();
      await service.copy(secret);
      // The write returned although xclip's forked child still serves the selection.
      expect(Date.now() - started).toBeLessThan(3000);
      expect(pasted(x.display)).toBe(secret);

      // While that child serves it, no process has the secret in its argv or environment…
      const now = processes();
      const serving = now.filter((p) => p.cmdline.startsWith('xclip ') && p.cmdline.includes(' -i'));
      expect(serving.length).toBeGreaterThan(0); // (so the scan below looked at the right processes)
      expect(now.filter((p) => p.cmdline.includes(secret)).map((p) => p.cmdline)).toEqual([]);
      expect(serving.filter((p) => p.environ.includes(secret)).map((p) => p.pid)).toEqual([]);
      // …and no xclip was ever started with it.
      expect(spawned.length).toBeGreaterThan(0);
      expect(spawned.filter((argv) => argv.some((arg) => arg.includes(secret)))).toEqual([]);

      // Cleared after the 1 s delay: a paste gives nothing.
      await expect.poll(() => pasted(x.display), { timeout: 5000, interval: 200 }).toBe('');

      // A second copy, then quit: cleared at once.
      const second = newSecret();
      await service.copy(second);
      expect(pasted(x.display)).toBe(second);
      await service.dispose();
      expect(pasted(x.display)).toBe('');
      expect(logged).toEqual([]);
    });

    it('leaves what the user copied since alone, and reads an unowned clipboard as empty', async () => {
      const env = { ...process.env, DISPLAY: x.display };
      const clipboard = new XclipClipboard({ env });
      const service = new ClipboardService({ clipboard, clearAfterSeconds: () => 60 });
      await service.copy(newSecret());
      execFileSync('xclip', ['-selection', 'clipboard', '-i'], {
        env,
        input: 'the user’s own text',
        // Not 'pipe' for its output: xclip's serving child would hold it open and this call would wait for it.
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      await service.dispose();
      expect(pasted(x.display)).toBe('the user’s own text');

      const fresh = await startXvfb();
      try {
        await expect(new XclipClipboard({ env: { ...env, DISPLAY: fresh.display } }).readText()).resolves.toBe('');
      } finally {
        await fresh.stop();
      }
    });

    it('says plainly when there is no display, no xclip, or a display it cannot open', async () => {
      const reason = (clipboard: XclipClipboard) =>
        clipboard.writeText(newSecret(), { concealed: true }).then(
          () => 'written',
          (error: { code: string; message: string }) => `${error.code}: ${error.message}`,
        );
      expect(await reason(new XclipClipboard({ env: { PATH: process.env.PATH } }))).toBe(
        'clipboard_unavailable: Copy cannot reach the system clipboard: no X11 display is set (DISPLAY is empty).',
      );
      expect(
        await reason(new XclipClipboard({ env: { ...process.env, DISPLAY: x.display }, command: 'xclip-not-here' })),
      ).toBe(
        'clipboard_unavailable: Copy needs xclip to reach the system clipboard, and it is not installed. Install it with: sudo apt-get install xclip',
      );
      expect(await reason(new XclipClipboard({ env: { ...process.env, DISPLAY: ':9876' } }))).toBe(
        'clipboard_unavailable: Copy cannot reach the system clipboard: the X11 display :9876 cannot be opened.',
      );
    });
  },
);
