import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../src-main/services/test-support/temp-dir.js';
import { errorReason, obtainElectronBinary } from './electron-binary.js';
import {
  chooseRuntime,
  chromiumLine,
  DEFAULT_ELECTRON_TIMEOUT_MS,
  electronTimeoutMs,
  ELECTRON_TIMEOUT_ENV,
  type Runtime,
} from './runtime.js';

const line = (runtime: Runtime): string => (runtime.kind === 'chromium' ? chromiumLine(runtime) : runtime.binary);

describe('chooseRuntime: which runtime npm start opens', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens Electron when its binary can be had', async () => {
    let signal: AbortSignal | undefined;
    const runtime = await chooseRuntime({
      forceChromium: false,
      obtainElectron: (s) => {
        signal = s;
        return Promise.resolve('/opt/electron/electron');
      },
      timeoutMs: DEFAULT_ELECTRON_TIMEOUT_MS,
    });
    expect(runtime).toEqual({ kind: 'electron', binary: '/opt/electron/electron' });
    expect(signal?.aborted).toBe(false);
  });

  it('falls back to Chromium when the download fails, with the reason in one line', async () => {
    const runtime = await chooseRuntime({
      forceChromium: false,
      obtainElectron: () => Promise.reject(new Error('fetch failed\n    at FetchDownloader.download')),
      timeoutMs: DEFAULT_ELECTRON_TIMEOUT_MS,
    });
    expect(line(runtime)).toBe(
      'Electron is not available (download failed: fetch failed); opening TokenDesk in Chromium instead.',
    );
  });

  it('falls back after 60 s of waiting, and stops the download', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const choosing = chooseRuntime({
      forceChromium: false,
      obtainElectron: (s) => {
        signal = s;
        return new Promise<string>(() => undefined); // A download that never ends.
      },
      timeoutMs: DEFAULT_ELECTRON_TIMEOUT_MS,
    });
    await vi.advanceTimersByTimeAsync(59_999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(line(await choosing)).toBe(
      'Electron is not available (download timed out after 60 s); opening TokenDesk in Chromium instead.',
    );
    expect(signal?.aborted).toBe(true);
  });

  it('--chromium opens Chromium without asking for Electron', async () => {
    const obtainElectron = vi.fn(() => Promise.resolve('/opt/electron/electron'));
    const runtime = await chooseRuntime({ forceChromium: true, obtainElectron, timeoutMs: 60_000 });
    expect(obtainElectron).not.toHaveBeenCalled();
    expect(line(runtime)).toBe('Opening TokenDesk in Chromium (--chromium); Electron was not tried.');
  });

  it('takes the wait from the environment, in milliseconds, or 60 s', () => {
    expect(electronTimeoutMs({})).toBe(60_000);
    expect(electronTimeoutMs({ [ELECTRON_TIMEOUT_ENV]: '1500' })).toBe(1500);
    expect(electronTimeoutMs({ [ELECTRON_TIMEOUT_ENV]: 'soon' })).toBe(60_000);
    expect(electronTimeoutMs({ [ELECTRON_TIMEOUT_ENV]: '0' })).toBe(60_000);
  });
});

/**
 * obtainElectronBinary against stand-in `electron` packages: it runs `require('electron')` in a child
 * Node from the given folder, as npm start does from the checkout.
 */
describe('obtainElectronBinary: require("electron") in a child, with a stand-in package', () => {
  const roots: { cleanup: () => void }[] = [];
  afterEach(() => roots.splice(0).forEach((root) => root.cleanup()));

  /** A folder whose node_modules/electron/index.js is the given source. */
  function standIn(source: string): string {
    const root = tempDir('electron-standin');
    roots.push(root);
    const dir = join(root.path, 'node_modules', 'electron');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
    writeFileSync(join(dir, 'index.js'), source);
    return root.path;
  }

  it('answers the path the package gives, passing its progress line through', async () => {
    const cwd = standIn(
      "console.log('Downloading Electron binary...'); module.exports = require('path').join(__dirname, 'index.js');",
    );
    const logged: string[] = [];
    const binary = await obtainElectronBinary(new AbortController().signal, { cwd, log: (l) => logged.push(l) });
    expect(binary).toBe(join(cwd, 'node_modules', 'electron', 'index.js'));
    expect(logged).toEqual(['Downloading Electron binary...']);
  });

  it('rejects with the cause of a failed download, not the package’s advice', async () => {
    const cwd = standIn(
      [
        "console.error('TypeError: fetch failed\\n    at node:internal/deps/undici/undici:14976:13');",
        "throw new Error('Electron failed to install correctly. Please delete `node_modules/electron`.');",
      ].join('\n'),
    );
    await expect(obtainElectronBinary(new AbortController().signal, { cwd, log: () => undefined })).rejects.toThrow(
      /^fetch failed$/,
    );
  });

  it('an abort stops the child and the downloader it started', async () => {
    const cwd = standIn(
      [
        // Like index.js: a downloader in its own process, waited for synchronously.
        "const { spawn } = require('child_process');",
        "const dl = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
        "require('fs').writeFileSync(require('path').join(process.cwd(), 'downloader.pid'), String(dl.pid));",
        'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);',
      ].join('\n'),
    );
    const abort = new AbortController();
    const obtaining = obtainElectronBinary(abort.signal, { cwd, log: () => undefined });
    const pidFile = join(cwd, 'downloader.pid');
    await vi.waitFor(() => readFileSync(pidFile, 'utf8'), { timeout: 10_000 });
    const downloader = Number(readFileSync(pidFile, 'utf8'));
    abort.abort();
    await expect(obtaining).rejects.toThrow('stopped');
    await vi.waitFor(() => expect(alive(downloader)).toBe(false), { timeout: 5000 });
  });

  it('says something useful when the child says nothing', () => {
    expect(errorReason('', 3)).toBe('it exited with code 3');
    expect(errorReason("Error: Cannot find module 'electron'\nRequire stack:", 1)).toBe(
      "Cannot find module 'electron'",
    );
  });
});

/** Whether a process still runs (a zombie left for a non-reaping PID 1 counts as gone). */
function alive(pid: number): boolean {
  const state = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return state !== '' && !state.startsWith('Z');
}
