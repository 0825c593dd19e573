/** Runs a server CLI as a real child process and waits on its output, for the CLI and deployment tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The exit code, or null when a signal ended it. */
  exited: Promise<number | null>;
}

/**
 * Node itself runs the script (tsx as a loader for a .ts file), so a test's signal reaches the server
 * directly: the tsx binary relays signals to its child and, when the child does not confirm within 30 ms
 * on a busy machine, kills it and exits 143 on its own.
 */
export function run(
  script: string,
  args: string[],
  options: { nodeArgs?: string[]; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Run {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, ...(options.nodeArgs ?? []), script, ...args], {
    cwd: options.cwd ?? ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.env ? { env: options.env } : {}),
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function waitFor(run: Run, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(run.stdout());
    if (match) return match;
    if (run.child.exitCode !== null || run.child.signalCode !== null) {
      throw new Error(
        `exited (${run.child.exitCode ?? run.child.signalCode}); stdout: ${run.stdout()} stderr: ${run.stderr()}`,
      );
    }
    if (Date.now() > deadline) throw new Error(`timed out; stdout: ${run.stdout()} stderr: ${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a server on an empty data folder and returns its URL and the admin token it printed. */
export async function startCli(
  script: string,
  args: string[],
  options: Parameters<typeof run>[2] = {},
): Promise<{ server: Run; url: string; adminToken: string }> {
  const server = run(script, args, options);
  const [, url] = await waitFor(server, /^TokenDesk server listening on (https?:\/\/\S+) \(data: .+\)$/m);
  const [, adminToken] = await waitFor(server, /^Admin token: (\S+)$/m);
  return { server, url: url!, adminToken: adminToken! };
}
