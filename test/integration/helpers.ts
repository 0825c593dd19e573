import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../src-main/core.js';
import { cacheDirOf } from '../../src-main/services/cache-files.js';
import { NodeKeyring } from '../../src-main/services/node-keyring.js';
import { dataKeyOf, findAtRest, plantInSealedFile } from '../../src-main/services/test-support/secrets-at-rest.js';
import { DEFAULT_DOMAIN } from '../../src-server/bootstrap.js';
import { seedDemo, type DemoOptions } from '../../src-server/demo.js';
import { startServer, type RunningServer } from '../../src-server/server.js';
import { call, type Reply } from '../../src-server/test-support.js';
import type { Channel, ResponseOf } from '../../src-shared/ipc/contract.js';
import { ipcContract } from '../../src-shared/ipc/contract.js';
import type { ConnectionInput, ConnectionView, SnapshotChanged, SyncStatus } from '../../src-shared/ipc/models.js';

/** The app side of an integration test: a core over its own data folder and keychain folder. */
export interface AppUnderTest {
  core: Core;
  dataDir: string;
  /** The keychain stand-in the app wraps its data key with. */
  keyring: NodeKeyring;
  events: SyncStatus[];
  /** Every snapshot:changed event, in order. */
  changes: SnapshotChanged[];
  call<C extends Channel>(channel: C, payload?: unknown): Promise<ResponseOf<C>>;
  /** Resolves with the first status after `since` events that is not `syncing`. */
  settled(connectionId: string, since?: number): Promise<SyncStatus>;
}

export async function startApp(
  root: string,
  keychain: { posesAsBasicText?: boolean } = {},
  options: Pick<CoreOptions, 'live' | 'proxy' | 'dialogs'> = {},
): Promise<AppUnderTest> {
  const dataDir = join(root, 'app-data');
  const events: SyncStatus[] = [];
  const changes: SnapshotChanged[] = [];
  const keyring = new NodeKeyring({ dir: join(root, 'keychain'), ...keychain });
  const core = await createCore({
    dataDir,
    keyring,
    emit: (channel, payload) => {
      if (channel === 'sync:status') events.push(payload as SyncStatus);
      else changes.push(payload as SnapshotChanged);
    },
    appVersion: '0.0.0-test',
    platform: process.platform,
    http: { timeoutMs: 10_000 },
    ...options,
  });
  return {
    core,
    dataDir,
    keyring,
    events,
    changes,
    async call(channel, payload) {
      const result = await core.handle(channel, payload);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
      return ipcContract[channel].response.parse(result.value) as ResponseOf<typeof channel>;
    },
    settled(connectionId, since = 0) {
      return new Promise((resolve, reject) => {
        const deadline = Date.now() + 60_000;
        const check = () => {
          const done = events.slice(since).find((e) => e.connectionId === connectionId && e.phase !== 'syncing');
          if (done) resolve(done);
          else if (Date.now() > deadline) reject(new Error('sync did not finish'));
          else setTimeout(check, 10);
        };
        check();
      });
    },
  };
}

/** Waits (polling) until `check` holds; fails after `ms`. */
export async function waitUntil(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function makeRoot(label: string): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), `tokendesk-it-${label}-`));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Where each needle (a secret, or part of one) is found in the app's data folder, its sealed cache
 * files read decrypted too: `<file> holds needle #<i>` lines, empty when nowhere (see findAtRest).
 */
export async function secretsAtRest(app: AppUnderTest, needles: string[]): Promise<string[]> {
  return findAtRest(app.dataDir, await dataKeyOf(app.dataDir, app.keyring), needles);
}

/**
 * Puts `text` into the connection's sealed snapshot file, as a bug that cached it would, so a test can
 * prove its scan would catch that. Returns the function that puts the file back.
 */
export async function plantInSnapshot(app: AppUnderTest, connectionId: string, text: string): Promise<() => void> {
  const key = await dataKeyOf(app.dataDir, app.keyring);
  if (key === null) throw new Error('The app has no data key: there is no sealed file to plant in.');
  return plantInSealedFile(join(cacheDirOf(app.dataDir), `${connectionId}.cache`), key, text);
}

/** The real server as every test runs it: loopback, quiet, a free port unless one is given (a restart). */
export function startLocalServer(dataDir: string, port = 0): Promise<RunningServer> {
  return startServer({ dataDir, host: '127.0.0.1', port, log: false });
}

/** Seeds a fresh demo server under `<root>/server`, lets `prepare` add what the seed lacks, and starts it. */
export async function serveDemo(
  root: string,
  seed: DemoOptions,
  prepare?: (serverDir: string) => Promise<void> | void,
): Promise<{ server: RunningServer; serverDir: string; adminToken: string }> {
  const serverDir = join(root, 'server');
  const { adminToken } = await seedDemo(serverDir, seed);
  if (adminToken === null) throw new Error(`${serverDir} was seeded before: there is no admin token to use.`);
  await prepare?.(serverDir);
  return { server: await startLocalServer(serverDir), serverDir, adminToken };
}

/** Adds a connection (default domain unless told) and waits for its first sync, which must end idle and clean. */
export async function connectAndSync(
  app: AppUnderTest,
  input: Omit<ConnectionInput, 'domain'> & { domain?: string },
): Promise<ConnectionView> {
  const view = await app.call('connections:add', { domain: DEFAULT_DOMAIN, ...input });
  expect(await app.settled(view.id)).toMatchObject({ phase: 'idle', error: null });
  return view;
}

/** Disposes the app, closes servers and proxies in the order given (null: closed already), removes the folder. */
export async function shutDown(
  app: AppUnderTest,
  servers: ({ close(): Promise<void> } | null)[],
  root: { cleanup(): void },
): Promise<void> {
  await app.core.dispose();
  for (const server of servers) await server?.close();
  root.cleanup();
}

/** A request straight to the server with a bearer token (a body goes as JSON with a fresh Idempotency-Key). */
export function sendToServer<T = Record<string, unknown>>(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply<T>> {
  return call<T>(url + path, {
    method,
    token,
    ...(body === undefined
      ? {}
      : {
          body: JSON.stringify(body),
          contentType: 'application/json',
          headers: { 'idempotency-key': crypto.randomUUID() },
        }),
  });
}

/** The connection as connections:list shows it to the renderer; it must be there. */
export async function connectionOf(app: AppUnderTest, connectionId: string): Promise<ConnectionView> {
  return (await app.call('connections:list')).find((c) => c.id === connectionId)!;
}

/** The credential main keeps for a connection, read from connections.json and unwrapped by the keychain. */
export async function storedCredential(app: AppUnderTest, connectionId: string): Promise<string> {
  const file = JSON.parse(readFileSync(join(app.dataDir, 'connections.json'), 'utf8')) as {
    connections: { id: string; credential: { storage: string; data: string } | null }[];
  };
  const credential = file.connections.find((c) => c.id === connectionId)!.credential!;
  expect(credential.storage).toBe('keychain');
  return app.keyring.decrypt(Buffer.from(credential.data, 'base64'));
}

/** An expiry `days` from now: within the default token policy, which refuses never-expiring Admin tokens. */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}
