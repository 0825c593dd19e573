/**
 * One seeded server per size, shared by every measurement at that size, and the helpers that drive
 * the real main-process core against it. The server runs in its own process, as it does for real,
 * so its work is not billed to the bench's (the app's) thread; the demo seeder too, so the memory it
 * used is not counted in the bench process's RSS (the app never seeds).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { createCore, type Core } from '../src-main/core.js';
import { NodeKeyring } from '../src-main/services/node-keyring.js';
import { startServerProcess } from './server-process.js';

export interface Fixture {
  accounts: number;
  tokens: number;
  /** A scratch folder for app data folders, removed by `stop`. */
  work: string;
  url: string;
  /** The server's process id, to read its CPU time. */
  pid: number;
  adminToken: string;
  keychainDir: string;
  /** How long the demo seeder took. */
  seedMs: number;
  stop(): void;
}

export async function time(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function seededServer(accounts: number, tokens: number): Promise<Fixture> {
  const work = mkdtempSync(join(tmpdir(), 'tokendesk-bench-'));
  const keychainDir = join(work, 'keychain');
  mkdirSync(keychainDir);
  const serverDir = join(work, 'server');
  const { adminToken, seedMs } = await seedInChild(serverDir, accounts, tokens);
  const server = await startServerProcess(serverDir);
  return {
    accounts,
    tokens,
    work,
    url: server.url,
    pid: server.pid,
    adminToken,
    keychainDir,
    seedMs,
    stop: () => {
      server.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Seeds an empty data folder with `npm run server:demo`'s script, in a process of its own. */
async function seedInChild(
  serverDir: string,
  accounts: number,
  tokens: number,
): Promise<{ adminToken: string; seedMs: number }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-server/demo-cli.ts',
      '--data',
      serverDir,
      '--accounts',
      `${accounts}`,
      '--tokens',
      `${tokens}`,
    ],
    { maxBuffer: 1 << 20 },
  );
  const adminToken = /^Admin token: (\S+)$/m.exec(stdout)?.[1];
  const seedMs = /^Seeded .* in (\d+) ms\.$/m.exec(stdout)?.[1];
  if (!adminToken || !seedMs) throw new Error(`the demo seeder said: ${stdout}`);
  return { adminToken, seedMs: Number(seedMs) };
}

export async function ok<T>(core: Core, channel: string, request?: unknown): Promise<T> {
  const result = await core.handle(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

/** The core over `dataDir`, as the app builds it at start. */
export async function openCore(fixture: Fixture, dataDir: string): Promise<Core> {
  return createCore({
    dataDir,
    keyring: new NodeKeyring({ dir: fixture.keychainDir }),
    emit: () => {},
    appVersion: 'bench',
    platform: process.platform,
  });
}

/** Adds the fixture's server as a connection and waits for the first sync; answers its id. */
export async function connect(core: Core, fixture: Fixture): Promise<string> {
  const connection = await ok<{ id: string }>(core, 'connections:add', {
    name: 'bench',
    url: fixture.url,
    domain: 'default',
    token: fixture.adminToken,
  });
  await ok(core, 'sync:run', { connectionId: connection.id });
  return connection.id;
}
