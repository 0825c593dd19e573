import { buildApp } from './app.js';
import { bootstrapIfEmpty } from './bootstrap.js';
import { openStore } from './store/store.js';
import type { Clock } from './store/time.js';

export interface StartServerOptions {
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  log?: boolean;
  /** Where the log goes when `log` is on (default stdout). */
  logStream?: NodeJS.WritableStream;
  now?: Clock;
  /** Also check pre-serialised list pages against their schema (tests; default false). */
  validateAllResponses?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The bootstrap admin token when this start created the database; null otherwise. Never printed here. */
  adminToken: string | null;
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;

/** Opens the data folder, bootstraps it if empty, and listens. Used by the CLI, tests and tools. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const store = openStore(options.dataDir, options.now ? { now: options.now } : {});
  try {
    const adminToken = bootstrapIfEmpty(store);
    const { app } = buildApp({
      store,
      log: options.log ?? false,
      ...(options.logStream ? { logStream: options.logStream } : {}),
      validateAllResponses: options.validateAllResponses ?? false,
    });
    await app.listen({ host, port: options.port ?? DEFAULT_PORT });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_PORT);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    let closed = false;
    return {
      url: `http://${urlHost}:${port}`,
      port,
      adminToken,
      close: async () => {
        if (closed) return;
        closed = true;
        try {
          await app.close();
        } finally {
          store.close();
        }
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}
