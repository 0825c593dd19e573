import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { SyncStatus } from '../../../src-shared/ipc/models.js';
import { AccountService } from '../accounts.js';
import { ActivityService } from '../activity.js';
import { ApiClient } from '../api-client.js';
import { openCacheStores, cacheDirOf } from '../cache-files.js';
import { confStoreFactory } from '../conf-store.js';
import { ConnectionService } from '../connections.js';
import { loadDataKey } from '../data-key.js';
import { DirectoryService } from '../directory.js';
import { LinkStates } from '../link-states.js';
import { NodeKeyring } from '../node-keyring.js';
import { PageCache } from '../page-cache.js';
import { PersonalTokenService } from '../personal-tokens.js';
import { SnapshotCache } from '../snapshot-cache.js';
import { SyncService } from '../sync.js';
import { TokenService } from '../tokens.js';
import { startFakeApi, type FakeApi } from './fake-api.js';
import { tempDir } from './temp-dir.js';

export interface SyncRigOptions {
  pageSize?: number;
  maxCachedPages?: number;
}

/** The real sync stack (and the account and token changes over it) over a data folder (keychain stand-in, sealed cache files, undici), for unit tests. */
export async function makeSyncRig(root: string, options: SyncRigOptions = {}) {
  const dataDir = join(root, 'data');
  const keyring = new NodeKeyring({ dir: join(root, 'keychain') });
  const dataKey = await loadDataKey({ dataDir, keyring, encryptedDirs: [cacheDirOf(dataDir)] });
  const connections = await ConnectionService.open({ dataDir, keyring, factory: confStoreFactory });
  const links = new LinkStates();
  const api = new ApiClient({
    sleep: () => Promise.resolve(),
    timeoutMs: 5_000,
    onOutcome: (target, error) => {
      if (connections.isCurrent(target)) links.note(target.connectionId, error);
    },
  });
  // Wired as createCore wires them.
  const stores = openCacheStores({ dir: cacheDirOf(dataDir), key: dataKey.key, persistent: true });
  const cache = new SnapshotCache(stores.snapshot);
  const events: SyncStatus[] = [];
  let pageWrites = 0;
  const countedPages = (connectionId: string) => {
    const store = stores.pages(connectionId);
    const save = store.save.bind(store);
    store.save = (value) => {
      pageWrites++;
      save(value);
    };
    return store;
  };
  const pages = new PageCache(countedPages, { max: options.maxCachedPages });
  const activity = new ActivityService({ api, connections, pages });
  // Wired as createCore wires it.
  const sync = new SyncService({
    api,
    connections,
    cache,
    links,
    emit: (s) => events.push(s),
    pageSize: options.pageSize,
    onVisible: (id, snapshot, accessChanged) => activity.retainVisible(id, snapshot, accessChanged),
  });
  const accounts = new AccountService({ api, connections, sync });
  const tokens = new TokenService({ api, connections, sync, lostAnswerRetryDelayMs: 0 });
  const personalTokens = new PersonalTokenService({ api, connections, pages, lostAnswerRetryDelayMs: 0 });
  const directory = new DirectoryService({ api, connections, sync });
  return {
    dataDir,
    personalTokens,
    directory,
    activity,
    pages,
    /** How many times a page file was written. */
    pagesWritten: () => pageWrites,
    /** The cache's data key, for tests that plant a sealed file. */
    key: dataKey.key,
    connections,
    links,
    cache,
    sync,
    accounts,
    tokens,
    api,
    events,
    cachePath: (id: string) => join(cacheDirOf(dataDir), `${id}.cache`),
    close: async () => {
      await sync.settle();
      await api.close();
    },
  };
}

export type SyncRig = Awaited<ReturnType<typeof makeSyncRig>>;

/** What a services test works with: its own folder and scripted server, and rigs over them. */
export interface RigEnv {
  /** This test's temporary folder (a new one for each test). */
  readonly root: string;
  /** This test's scripted API server. */
  readonly api: FakeApi;
  /** A sync stack over the test's data folder; a second one is the app started again. */
  rig(options?: SyncRigOptions): Promise<SyncRig>;
  /** Adds the scripted server to `r` as a connection (with its token unless told otherwise); its id. */
  connect(r: SyncRig, token?: string): Promise<string>;
}

/**
 * The usual setting of a services test: before each test a temporary folder and a scripted API server
 * that `seed` fills; after it every rig made is closed, the server stopped and the folder removed.
 * Read the returned object inside tests and hooks only: its fields change with each test.
 */
export function useRigEnv(label: string, seed: (api: FakeApi) => void = () => undefined): RigEnv {
  let root: { path: string; cleanup: () => void } | undefined;
  let api: FakeApi | undefined;
  let rigs: SyncRig[] = [];
  beforeEach(async () => {
    root = tempDir(label);
    api = await startFakeApi();
    seed(api);
    rigs = [];
  });
  afterEach(async () => {
    for (const made of rigs) await made.close();
    await api?.close();
    root?.cleanup();
  });
  const env: RigEnv = {
    get root() {
      return root!.path;
    },
    get api() {
      return api!;
    },
    async rig(options) {
      const made = await makeSyncRig(env.root, options);
      rigs.push(made);
      return made;
    },
    async connect(r, token = env.api.token) {
      const view = await r.connections.add({ name: 'Fake', url: env.api.url, domain: 'default', token });
      return view.id;
    },
  };
  return env;
}
