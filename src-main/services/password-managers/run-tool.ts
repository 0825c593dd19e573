import { spawn } from 'node:child_process';
import { AppFailure, redactSecrets } from '../errors.js';

export interface ToolOptions {
  /** Written to the tool's stdin, then closed: the only way a secret reaches it. */
  input?: Buffer[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ToolTargetOptions {
  /** The command (default: found on PATH). */
  command?: string;
  /** The environment the tool runs with (default: the app's): a test's throwaway store and key. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** One password manager's command, as a target runs it: its path, environment and time limit. */
export class Tool {
  readonly command: string;
  readonly env: NodeJS.ProcessEnv;
  readonly #timeoutMs: number | undefined;

  constructor(name: string, options: ToolTargetOptions = {}) {
    this.command = options.command ?? name;
    this.env = options.env ?? process.env;
    this.#timeoutMs = options.timeoutMs;
  }

  run(args: string[], options: { input?: Buffer[]; env?: NodeJS.ProcessEnv } = {}): Promise<ToolResult | null> {
    return runTool(this.command, args, {
      env: options.env ?? this.env,
      input: options.input,
      timeoutMs: this.#timeoutMs,
    });
  }
}

/** How long a password manager's command may take before it is stopped. */
export const TOOL_TIMEOUT_MS = 30_000;

/**
 * Runs a password manager's command without a shell: the arguments are names and flags only, the
 * environment is the app's (plus what the caller adds, never a secret), and a secret goes on stdin.
 * A command that is not installed answers null; one that hangs is killed after the timeout.
 */
export function runTool(command: string, args: string[], options: ToolOptions = {}): Promise<ToolResult | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? TOOL_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') resolve(null);
      else reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') {
        reject(
          new AppFailure(
            'password_manager_failed',
            `${command} did not answer within ${Math.round((options.timeoutMs ?? TOOL_TIMEOUT_MS) / 1000)} s.`,
          ),
        );
        return;
      }
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
    // A tool that exits before reading all of stdin closes the pipe: its exit code says what happened.
    child.stdin.on('error', () => undefined);
    for (const part of options.input ?? []) child.stdin.write(part);
    child.stdin.end();
  });
}

/** What a tool said when it failed, for the user: its last lines, with anything token-like blanked. */
export function toolSaid(result: ToolResult): string {
  const text = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' ').slice(0, 300);
  return redactSecrets(text) || `it exited with code ${String(result.code)}`;
}

/** JSON around a secret, as bytes: the secret is spliced in and never becomes part of a JS string. */
export function jsonWithSecret(value: unknown, placeholder: string, secret: Buffer): Buffer {
  const text = JSON.stringify(value);
  const at = text.indexOf(JSON.stringify(placeholder));
  if (at < 0) throw new Error('The placeholder is not in the JSON.');
  // A token is base62 with underscores: nothing in it needs escaping inside a JSON string.
  if (!secret.every((byte) => byte > 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c)) {
    throw new AppFailure('password_manager_failed', 'The secret has characters this save cannot pass on.');
  }
  const quote = Buffer.from('"');
  return Buffer.concat([
    Buffer.from(text.slice(0, at), 'utf8'),
    quote,
    secret,
    quote,
    Buffer.from(text.slice(at + JSON.stringify(placeholder).length), 'utf8'),
  ]);
}

const BASE64 = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

/** Base64 into bytes (for `bw`, which reads its JSON that way), so a secret inside never becomes a JS string. */
export function base64Bytes(bytes: Buffer): Buffer {
  const out = Buffer.alloc(Math.ceil(bytes.length / 3) * 4, 0x3d);
  for (let i = 0, o = 0; i < bytes.length; i += 3, o += 4) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out[o] = BASE64[(n >> 18) & 63]!;
    out[o + 1] = BASE64[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out[o + 2] = BASE64[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out[o + 3] = BASE64[n & 63]!;
  }
  return out;
}
