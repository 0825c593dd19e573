import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface VirtualDisplay {
  /** The value for DISPLAY, e.g. `:12`. */
  display: string;
  stop(): Promise<void>;
}

/** Whether a program is on PATH (for a test's skip condition). */
export function onPath(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Why the tests that read the real X11 clipboard cannot run on this machine, or null when they can.
 * They are skipped with this reason on a contributor's machine without xclip or Xvfb; CI installs both
 * (.ci/run), so there the same absence is thrown as a failure instead of hiding the tests.
 */
export function x11ClipboardSkipReason(env: NodeJS.ProcessEnv = process.env): string | null {
  const missing = ['xclip', 'Xvfb'].filter((program) => !onPath(program));
  if (process.platform !== 'linux') missing.unshift('Linux');
  if (missing.length === 0) return null;
  const reason = `needs ${missing.join(' and ')} to read the real X11 clipboard (apt-get install xclip xvfb)`;
  if (env.CI) throw new Error(`CI must run the X11 clipboard tests, which ${reason}.`);
  return reason;
}

/** What a paste on that display would give now, read by a separate xclip (not the code under test). */
export function pasted(display: string): string {
  try {
    return execFileSync('xclip', ['-selection', 'clipboard', '-o'], {
      env: { ...process.env, DISPLAY: display },
      stdio: ['ignore', 'pipe', 'ignore'],
      encoding: 'utf8',
      timeout: 5000,
    });
  } catch {
    return ''; // Nobody owns the clipboard.
  }
}

/**
 * Starts Xvfb on a display number it picks itself (`-displayfd` writes the free number it took), so
 * tests running side by side never fight over one. Resolves once the server accepts clients.
 */
export function startXvfb(timeoutMs = 10_000): Promise<VirtualDisplay> {
  const server = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '640x480x24'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (server.exitCode !== null || server.signalCode !== null) return done();
      server.once('exit', () => done());
      server.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let stderr = '';
    let number = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`Xvfb did not start within ${timeoutMs} ms: ${stderr.trim()}`));
    }, timeoutMs);
    server.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}) before it was ready: ${stderr.trim()}`));
    });
    (server.stdio[3] as Readable).setEncoding('utf8').on('data', (chunk: string) => {
      number += chunk;
      if (!number.includes('\n')) return;
      clearTimeout(timer);
      server.removeAllListeners('exit');
      resolve({ display: `:${number.trim()}`, stop });
    });
  });
}
