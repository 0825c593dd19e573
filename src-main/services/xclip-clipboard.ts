import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import type { Clipboard } from './clipboard.js';
import { AppFailure } from './errors.js';

export interface XclipClipboardOptions {
  /** Where DISPLAY (and PATH) come from; the process's own environment unless given. */
  env?: NodeJS.ProcessEnv;
  /** The xclip binary; found on PATH unless given. */
  command?: string;
  /** How long one xclip run may take before it is given up on. */
  timeoutMs?: number;
  /** Node's `spawn`, replaceable so a test can see every argument list. */
  spawn?: typeof nodeSpawn;
}

const SELECTION = ['-selection', 'clipboard'];
const DEFAULT_TIMEOUT_MS = 5000;
const INSTALL_HINT = 'Install it with: sudo apt-get install xclip';

/**
 * The system clipboard on X11 through Debian's `xclip`, for the Chromium fallback of `npm start` (the
 * Electron app uses Electron's clipboard). Same interface as the Electron adapter: it only reads and
 * writes; when to clear is the ClipboardService's rule.
 *
 * - The text goes to xclip on stdin, never in its arguments: any user can read a process's argv.
 * - `xclip -i` reads its input, then forks a child that owns the selection and serves it until another
 *   program takes the clipboard over. A write is done when the first process exits; waiting for its
 *   pipes to close would wait for that child, i.e. for the next copy.
 * - Clearing writes an empty text, so xclip takes the selection over from the copy: that really
 *   replaces the content (the owner of the old text lets go and exits).
 * - `concealed` cannot be honoured: one xclip serves one target, so KDE's password-manager hint (a
 *   second target beside the text) has no way through it. The clear-after-delay rule still applies.
 */
export class XclipClipboard implements Clipboard {
  readonly #env: NodeJS.ProcessEnv;
  readonly #command: string;
  readonly #timeoutMs: number;
  readonly #spawn: typeof nodeSpawn;

  constructor(options: XclipClipboardOptions = {}) {
    this.#env = options.env ?? process.env;
    this.#command = options.command ?? 'xclip';
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#spawn = options.spawn ?? nodeSpawn;
  }

  async readText(): Promise<string> {
    const { code, stdout, stderr } = await this.#run([...SELECTION, '-o'], null);
    if (code === 0) return stdout;
    // Nobody owns the clipboard (nothing copied since the display started): that is an empty clipboard.
    if (/target \S+ not available/.test(stderr)) return '';
    throw this.#failure(stderr);
  }

  async writeText(text: string, _options: { concealed: boolean }): Promise<void> {
    const { code, stderr } = await this.#run([...SELECTION, '-i'], text);
    if (code !== 0) throw this.#failure(stderr);
  }

  clear(): Promise<void> {
    return this.writeText('', { concealed: false });
  }

  /**
   * Runs xclip once. With `input` (a write) it resolves when xclip itself exits, not when its pipes
   * close: the child it forks to serve the selection keeps them open. Without input (a read) it waits
   * for all of stdout.
   */
  #run(args: string[], input: string | null): Promise<{ code: number | null; stdout: string; stderr: string }> {
    if (!this.#env.DISPLAY) {
      return Promise.reject(
        new AppFailure(
          'clipboard_unavailable',
          'Copy cannot reach the system clipboard: no X11 display is set (DISPLAY is empty).',
        ),
      );
    }
    return new Promise((resolve, reject) => {
      let child: ChildProcess;
      try {
        child = this.#spawn(this.#command, args, {
          env: this.#env,
          stdio: ['pipe', input === null ? 'pipe' : 'ignore', 'pipe'],
        });
      } catch (error) {
        reject(this.#spawnFailure(error));
        return;
      }
      let stdout = '';
      let stderr = '';
      let settled = false;
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // The serving child may still hold the other ends; ours must not keep this process alive.
        child.stdout?.destroy();
        child.stderr?.destroy();
        outcome();
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish(() =>
          reject(
            new AppFailure(
              'clipboard_unavailable',
              `The system clipboard did not answer within ${Math.round(this.#timeoutMs / 1000)} s.`,
            ),
          ),
        );
      }, this.#timeoutMs);
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', (error) => finish(() => reject(this.#spawnFailure(error))));
      if (input === null) {
        child.on('close', (code) => finish(() => resolve({ code, stdout, stderr })));
      } else {
        child.on('exit', (code) => {
          // A failed write did not fork: its stderr arrives in full with 'close', and soon.
          if (code === 0) finish(() => resolve({ code, stdout, stderr }));
          else child.once('close', () => finish(() => resolve({ code, stdout, stderr })));
        });
      }
      // xclip may exit before reading (no display); the broken pipe is reported through its exit.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input ?? '');
    });
  }

  #spawnFailure(error: unknown): AppFailure {
    const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
    return new AppFailure(
      'clipboard_unavailable',
      missing
        ? `Copy needs xclip to reach the system clipboard, and it is not installed. ${INSTALL_HINT}`
        : 'Copy could not start xclip to reach the system clipboard.',
      { cause: error },
    );
  }

  #failure(stderr: string): AppFailure {
    const line =
      stderr
        .trim()
        .split('\n')[0]
        ?.replace(/^Error:\s*/, '') ?? '';
    if (/can't open display/i.test(line)) {
      return new AppFailure(
        'clipboard_unavailable',
        `Copy cannot reach the system clipboard: the X11 display ${this.#env.DISPLAY ?? ''} cannot be opened.`,
      );
    }
    return new AppFailure(
      'clipboard_unavailable',
      `Copy could not reach the system clipboard${line ? ` (xclip: ${line})` : ''}.`,
    );
  }
}
