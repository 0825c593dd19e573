import type { TokenMeta } from '../../src-shared/api/models.js';
import type { EventChannel } from '../../src-shared/ipc/contract.js';
import type { SyncStatus } from '../../src-shared/ipc/models.js';
import { ReportingSnapshotCache } from './reporting-snapshot-cache.js';
import { AccountService } from '../services/accounts.js';
import { ActivityService } from '../services/activity.js';
import { ApiClient } from '../services/api-client.js';
import { BundleService } from '../services/bundles.js';
import { TokenPolicyService } from '../services/token-policies.js';
import { LeakScanService } from '../services/leak-scan/leak-scan-service.js';
import { cachedNoticeMemory } from '../services/notifications/cached-notice-memory.js';
import { NoticeScheduler } from '../services/notifications/notice-scheduler.js';
import type { TokenNotice } from '../services/notifications/notice-types.js';
import { watchedPersonalTokens, watchedTokens } from '../services/notifications/watched-tokens.js';
import { cacheDirOf, openCacheStores } from '../services/cache-files.js';
import type { StoreFactory } from '../services/conf-store.js';
import { ConnectionMonitor, type MonitorTiming } from '../services/connection-monitor.js';
import { ConnectionService } from '../services/connections.js';
import { loadDataKey, removeDataKey, storeDataKey } from '../services/data-key.js';
import { DirectoryService } from '../services/directory.js';
import type { Keyring } from '../services/keyring.js';
import { LinkStates } from '../services/link-states.js';
import type { ProxyResolver } from '../services/net/proxy.js';
import { OfflineCopies } from '../services/offline-copies.js';
import { PAGE_KEYS, PageCache } from '../services/page-cache.js';
import { PersonalTokenService } from '../services/personal-tokens.js';
import { RevealRegistry } from '../services/reveals.js';
import { SavedEntries } from '../services/saved-entries.js';
import type { SettingsStore } from '../services/settings.js';
import { SyncService } from '../services/sync.js';
import { realTimers, type Timers } from '../services/timers.js';
import { TokenService } from '../services/tokens.js';

/** How long after start the notices first read every cache: the list comes first, from the one cache it needs. */
export const STARTUP_WATCH_MS = 3_000;

export interface SessionOptions {
  dataDir: string;
  keyring: Keyring;
  /** The vault while the app lock is on: it wraps the data key and the credentials instead. */
  vault: Keyring | null;
  factory: StoreFactory;
  settings: SettingsStore;
  deliver: (channel: EventChannel, payload: unknown) => void;
  appVersion: string;
  http?: { timeoutMs?: number; lostAnswerRetryDelayMs?: number };
  live?: { timing?: Partial<MonitorTiming>; timers?: Timers };
  proxy?: ProxyResolver;
  systemCa?: () => string[];
  /** Shows a token notification (the core's lock-aware notifier, with what a click opens). */
  notify: (notice: TokenNotice) => void;
  log?: (message: string) => void;
}

/**
 * Everything the core knows about the user's servers, and the keys that open it: the data key, the
 * decrypted cache, cached pages, the connections' credentials, open reveals, and the background work
 * over them (sync, checks). It exists only while the app is unlocked. Locking disposes it and
 * zero-fills its keys; unlocking opens a new one from disk.
 */
export interface Session {
  connections: ConnectionService;
  sync: SyncService;
  monitor: ConnectionMonitor;
  accounts: AccountService;
  tokens: TokenService;
  personalTokens: PersonalTokenService;
  directory: DirectoryService;
  bundles: BundleService;
  tokenPolicies: TokenPolicyService;
  leakScan: LeakScanService;
  /** Token notifications from the cached tokens (notifications/notice-scheduler.ts). */
  notices: NoticeScheduler;
  /**
   * Has the notices look at every connection's cached tokens, STARTUP_WATCH_MS after the session is in
   * place (start, unlock): reading every cache's tokens waits until the first screen is up.
   */
  watchAll(): void;
  activity: ActivityService;
  reveals: RevealRegistry;
  saved: SavedEntries;
  api: ApiClient;
  signal: AbortSignal;
  /** The lock was turned on (a vault) or off (null): the data key and credentials are wrapped again. */
  rewrap(vault: Keyring | null): Promise<void>;
  settle(): Promise<void>;
  dispose(): Promise<void>;
}

export async function openSession(options: SessionOptions): Promise<Session> {
  const cacheDir = cacheDirOf(options.dataDir);
  const dataKey = await loadDataKey({
    dataDir: options.dataDir,
    keyring: options.keyring,
    vault: options.vault,
    encryptedDirs: [cacheDir],
  });
  const connections = await ConnectionService.open({
    dataDir: options.dataDir,
    keyring: options.keyring,
    vault: options.vault,
    factory: options.factory,
  });
  const timers = options.live?.timers;
  const links = new LinkStates({ now: timers ? () => timers.now() : undefined });
  const api = new ApiClient({
    timeoutMs: options.http?.timeoutMs,
    userAgent: `TokenDesk/${options.appVersion}`,
    proxy: options.proxy,
    systemCa: options.systemCa,
    // Every request for a connection says whether its server answered: sync, checks and user actions
    // alike. An answer to a request sent with a token or address the connection no longer has is old news.
    onOutcome: (target, error) => {
      if (connections.isCurrent(target)) links.note(target.connectionId, error);
    },
  });
  const stores = openCacheStores({ dir: cacheDir, key: dataKey.key, persistent: dataKey.persistent });
  const { deliver } = options;
  // Every change of a cached snapshot is announced, so the renderer patches instead of reloading it.
  const cache = new ReportingSnapshotCache(stores.snapshot, (event) => {
    deliver('snapshot:changed', event);
    watch(event.connectionId);
  });
  const clock = options.live?.timers ?? realTimers;
  let startupWatch: unknown = null;
  const notices = new NoticeScheduler({
    timers: clock,
    notify: options.notify,
    memory: cachedNoticeMemory(stores.notices()),
    settings: () => options.settings.get().notifications,
    log: options.log,
  });
  /**
   * A connection's cached tokens changed: the notices look at them again. After the change has been
   * told (a microtask, never a timer), so a burst of events reads the tokens once.
   */
  const watching = new Set<string>();
  const watch = (connectionId: string) => {
    if (watching.has(connectionId)) return;
    watching.add(connectionId);
    queueMicrotask(() => {
      watching.delete(connectionId);
      if (lifetime.signal.aborted || !connections.has(connectionId)) return;
      const snapshot = sync.snapshot(connectionId);
      const tokens = snapshot && sync.tokens(connectionId);
      const connection = { id: connectionId, name: connections.get(connectionId).name };
      const personal = (pages.get(connectionId, PAGE_KEYS.personalTokens)?.items ?? []) as TokenMeta[];
      void notices.update(connectionId, [
        ...(snapshot && tokens ? watchedTokens(connection, snapshot, tokens) : []),
        ...watchedPersonalTokens(connection, personal),
      ]);
    });
  };
  const lifetime = new AbortController();
  const emit = (status: SyncStatus): void => deliver('sync:status', status);
  // The caller's personal tokens are watched by the notices too: their own credential may be one.
  const pages = new PageCache(stores.pages, {
    onChange: (connectionId, key) => {
      if (key === PAGE_KEYS.personalTokens) watch(connectionId);
    },
  });
  const activity = new ActivityService({ api, connections, pages, signal: lifetime.signal });
  const lostAnswerRetryDelayMs = options.http?.lostAnswerRetryDelayMs;
  const personalTokens = new PersonalTokenService({
    api,
    connections,
    pages,
    signal: lifetime.signal,
    lostAnswerRetryDelayMs,
  });
  const offline = new OfflineCopies({ activity, personalTokens });
  const sync = new SyncService({
    api,
    connections,
    cache,
    links,
    emit,
    signal: lifetime.signal,
    // The cached first pages of logs and audit keep no more than the snapshot's rights allow.
    onVisible: (id, snapshot, accessChanged) => activity.retainVisible(id, snapshot, accessChanged),
    onSynced: (id, snapshot) => offline.refresh(id, snapshot),
  });
  const services = { api, connections, sync, signal: lifetime.signal };
  const monitor = new ConnectionMonitor({
    api,
    connections,
    sync,
    links,
    syncEveryMinutes: () => options.settings.get().syncEveryMinutes,
    timing: options.live?.timing,
    timers: options.live?.timers,
    signal: lifetime.signal,
  });
  const reveals = new RevealRegistry({ timers: options.live?.timers });

  if (dataKey.reset !== null) {
    for (const id of connections.ids()) {
      sync.noteRecovered(id, dataKey.reset);
      if (connections.credentialOf(id) !== null) sync.start(id, { full: true });
    }
  }

  let disposed = false;
  return {
    connections,
    sync,
    monitor,
    accounts: new AccountService(services),
    tokens: new TokenService({ ...services, lostAnswerRetryDelayMs }),
    personalTokens,
    directory: new DirectoryService(services),
    bundles: new BundleService(services),
    tokenPolicies: new TokenPolicyService(services),
    notices,
    watchAll() {
      if (startupWatch !== null) clock.clearTimeout(startupWatch);
      // One timer, gone once it has run: the notices hold their own only while something is due.
      startupWatch = clock.setTimeout(() => {
        startupWatch = null;
        for (const id of connections.ids()) watch(id);
      }, STARTUP_WATCH_MS);
    },
    leakScan: new LeakScanService({ ...services, onProgress: (progress) => deliver('leakScan:progress', progress) }),
    activity,
    reveals,
    saved: new SavedEntries(stores.saved),
    api,
    signal: lifetime.signal,

    async rewrap(vault) {
      const keyring = vault ?? options.keyring;
      const info = await keyring.info();
      // Without a secure keychain to go back to, the key is kept nowhere, as with the lock off: the
      // next start finds no key file and removes the caches it sealed.
      if (info.available && info.secure) {
        storeDataKey(options.dataDir, info.backend, await keyring.encrypt(dataKey.key.toString('base64')));
      } else {
        removeDataKey(options.dataDir);
      }
      await connections.rewrap(vault);
    },

    async settle() {
      await sync.settle();
      await offline.settle();
      // The notices look at what a sync brought after a microtask.
      await Promise.resolve();
      await notices.settled();
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      lifetime.abort();
      if (startupWatch !== null) clock.clearTimeout(startupWatch);
      notices.stop();
      reveals.closeAll();
      await monitor.dispose();
      await sync.settle();
      await offline.settle();
      await api.close();
      connections.forget();
      // Last: nothing writes a cache file any more, so nothing is ever sealed with a key of zeros.
      dataKey.key.fill(0);
    },
  };
}
