/**
 * Electron's binary, two ways. Electron 45's package has no install script: `require('electron')`
 * downloads the binary the first time it runs and writes `path.txt` only then (TOOLCHAIN.md).
 * - `installedElectronBinary` only looks: for tests, which must never start a download.
 * - `obtainElectronBinary` asks the package exactly as `require('electron')` does, download included:
 *   for `npm start`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the electron package lives for this checkout. */
export const ELECTRON_PACKAGE_DIR = resolve('node_modules/electron');

/**
 * The binary if it is already there, the way the package's `index.js` finds it (including its
 * `ELECTRON_OVERRIDE_DIST_PATH`), or null. Never downloads.
 */
export function installedElectronBinary(
  packageDir = ELECTRON_PACKAGE_DIR,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!relative && !override) return null;
  const binary = override ? join(override, relative || 'electron') : join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

const MARKER = 'TOKENDESK_ELECTRON_BINARY=';

/** The first `SomethingError: message` line of a failed run, the cause rather than the wrapper's advice. */
export function errorReason(stderr: string, code: number | null): string {
  for (const line of stderr.split('\n')) {
    const match = /^\s*(?:\w*Error|error):\s*(.+)$/.exec(line);
    if (match) return match[1]!.trim();
  }
  return `it exited with code ${code ?? 'none'}`;
}

/**
 * Runs `require('electron')` in a child Node, which downloads the binary on first use, and resolves
 * with the path it answers. The child runs in its own process group so that an abort (the timeout)
 * also stops the downloader it started. Its "Downloading…" line is passed through; its stack trace is
 * not: a failure rejects with the cause in one line.
 */
export function obtainElectronBinary(
  signal: AbortSignal,
  options: { cwd?: string; log?: (line: string) => void } = {},
): Promise<string> {
  const log = options.log ?? ((line: string) => console.log(line));
  return new Promise((resolvePath, reject) => {
    const child = spawn(
      process.execPath,
      ['-e', `process.stdout.write('\\n${MARKER}' + require('electron') + '\\n')`],
      { cwd: options.cwd, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let pending = '';
    let found: string | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(MARKER)) found = line.slice(MARKER.length).trim();
        else if (line.trim()) log(line);
      }
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const stop = (): void => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGTERM');
        else child.kill('SIGTERM');
      } catch {
        // Already gone.
      }
    };
    signal.addEventListener('abort', stop, { once: true });
    child.on('error', (error) => reject(error));
    child.on('close', (code) => {
      signal.removeEventListener('abort', stop);
      if (code === 0 && found && existsSync(found)) resolvePath(found);
      else if (code === 0 && found) reject(new Error(`the binary is missing at ${found}`));
      else reject(new Error(signal.aborted ? 'stopped' : errorReason(stderr, code)));
    });
  });
}
