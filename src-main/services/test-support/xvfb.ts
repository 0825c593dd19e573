import { spawn, spawnSync } from 'node:child_process';
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
