import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  url: string;
  /** The "Admin token:" line's token, when asked for and the server printed one. */
  adminToken?: string;
  /** The process id, to read its CPU time. */
  pid: number;
  stop(): void;
}

/** Starts `src-server/cli.ts` on a free loopback port and waits for its listening line. */
export async function startServerProcess(dataDir: string): Promise<ServerProcess> {
  return startListeningProcess(['src-server/cli.ts', '--port', '0', '--data', dataDir]);
}

/**
 * Runs a TypeScript script under tsx that prints "listening on <url>", and waits for that line (and,
 * with `adminToken`, for the server's "Admin token:" line after it).
 */
export async function startListeningProcess(
  args: readonly string[],
  options: { adminToken?: boolean } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const started = await new Promise<{ url: string; adminToken?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The server did not start within 30 s.')), 30_000);
    let url: string | undefined;
    // Keep reading after the listening line, so the server never blocks on a full pipe.
    lines.on('line', (line) => {
      const listening = /listening on (http:\/\/\S+)/.exec(line);
      if (listening) url = listening[1]!;
      const token = /^Admin token: (\S+)$/.exec(line);
      if (url && (!options.adminToken || token)) {
        clearTimeout(timer);
        resolve({ url, ...(token ? { adminToken: token[1]! } : {}) });
      }
    });
    child.on('exit', () => reject(new Error('The server exited before it was listening.')));
  });
  return { ...started, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}
