import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src-main/core.js';
import { cacheDirOf } from '../../src-main/services/cache-files.js';
import { NodeKeyring } from '../../src-main/services/node-keyring.js';
import { dataKeyOf, findAtRest, plantInSealedFile } from '../../src-main/services/test-support/secrets-at-rest.js';
import type { Channel, ResponseOf } from '../../src-shared/ipc/contract.js';
import { ipcContract } from '../../src-shared/ipc/contract.js';
import type { SnapshotChanged, SyncStatus } from '../../src-shared/ipc/models.js';

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
  options: Pick<CoreOptions, 'live'> = {},
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
