import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../src-main/core.js';
import { NodeKeyring } from '../../src-main/services/node-keyring.js';
import type { Channel, ResponseOf } from '../../src-shared/ipc/contract.js';
import { ipcContract } from '../../src-shared/ipc/contract.js';
import type { SnapshotChanged, SyncStatus } from '../../src-shared/ipc/models.js';

/** The app side of an integration test: a core over its own data folder and keychain folder. */
export interface AppUnderTest {
  core: Core;
  dataDir: string;
  events: SyncStatus[];
  /** Every snapshot:changed event, in order. */
  changes: SnapshotChanged[];
  call<C extends Channel>(channel: C, payload?: unknown): Promise<ResponseOf<C>>;
  /** Resolves with the first status after `since` events that is not `syncing`. */
  settled(connectionId: string, since?: number): Promise<SyncStatus>;
}

export async function startApp(root: string, keychain: { posesAsBasicText?: boolean } = {}): Promise<AppUnderTest> {
  const dataDir = join(root, 'app-data');
  const events: SyncStatus[] = [];
  const changes: SnapshotChanged[] = [];
  const core = await createCore({
    dataDir,
    keyring: new NodeKeyring({ dir: join(root, 'keychain'), ...keychain }),
    emit: (channel, payload) => {
      if (channel === 'sync:status') events.push(payload as SyncStatus);
      else changes.push(payload as SnapshotChanged);
    },
    appVersion: '0.0.0-test',
    platform: process.platform,
    http: { timeoutMs: 10_000 },
  });
  return {
    core,
    dataDir,
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

export function makeRoot(label: string): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), `tokendesk-it-${label}-`));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Every file under a folder, recursively, with its bytes. */
export function allFiles(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...allFiles(path));
    else out.push({ path, bytes: readFileSync(path) });
  }
  return out;
}
