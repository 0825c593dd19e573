import { join } from 'node:path';
import type { SyncStatus } from '../../../src-shared/ipc/models.js';
import { AccountService } from '../accounts.js';
import { ActivityService } from '../activity.js';
import { ApiClient } from '../api-client.js';
import { openCacheStores, cacheDirOf } from '../cache-files.js';
import { confStoreFactory } from '../conf-store.js';
import { ConnectionService } from '../connections.js';
import { loadDataKey } from '../data-key.js';
import { DirectoryService } from '../directory.js';
import { NodeKeyring } from '../node-keyring.js';
import { PageCache } from '../page-cache.js';
import { PersonalTokenService } from '../personal-tokens.js';
import { SnapshotCache } from '../snapshot-cache.js';
import { SyncService } from '../sync.js';
import { TokenService } from '../tokens.js';

/** The real sync stack (and the account and token changes over it) over a data folder (keychain stand-in, sealed cache files, undici), for unit tests. */
export async function makeSyncRig(root: string, options: { pageSize?: number; maxCachedPages?: number } = {}) {
  const dataDir = join(root, 'data');
  const keyring = new NodeKeyring({ dir: join(root, 'keychain') });
  const dataKey = await loadDataKey({ dataDir, keyring, encryptedDirs: [cacheDirOf(dataDir)] });
  const connections = await ConnectionService.open({ dataDir, keyring, factory: confStoreFactory });
  const api = new ApiClient({ sleep: () => Promise.resolve(), timeoutMs: 5_000 });
  // Wired as createCore wires them.
  const stores = openCacheStores({ dir: cacheDirOf(dataDir), key: dataKey.key, persistent: true });
  const cache = new SnapshotCache(stores.snapshot);
  const events: SyncStatus[] = [];
  const pages = new PageCache(stores.pages, { max: options.maxCachedPages });
  const activity = new ActivityService({ api, connections, pages });
  // Wired as createCore wires it.
  const sync = new SyncService({
    api,
    connections,
    cache,
    emit: (s) => events.push(s),
    pageSize: options.pageSize,
    onVisible: (id, snapshot, accessChanged) => activity.retainVisible(id, snapshot, accessChanged),
  });
  const accounts = new AccountService({ api, connections, sync });
  const tokens = new TokenService({ api, connections, sync, lostAnswerRetryDelayMs: 0 });
  const personalTokens = new PersonalTokenService({ api, connections });
  const directory = new DirectoryService({ api, connections, sync });
  return {
    dataDir,
    personalTokens,
    directory,
    activity,
    pages,
    /** The cache's data key, for tests that plant a sealed file. */
    key: dataKey.key,
    connections,
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
