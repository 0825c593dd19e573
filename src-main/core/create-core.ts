import { mkdir } from 'node:fs/promises';
import type { Result } from '../../src-shared/errors.js';
import { ipcContract, type Channel, type EventChannel } from '../../src-shared/ipc/contract.js';
import type { SyncStatus, Theme } from '../../src-shared/ipc/models.js';
import { channelHandlers, type CoreContext } from './handlers.js';
import { isChannel, parseRequest } from './parse-request.js';
import { ReportingSnapshotCache } from './reporting-snapshot-cache.js';
import { AccountService } from '../services/accounts.js';
import { ActivityService } from '../services/activity.js';
import { ApiClient } from '../services/api-client.js';
import { openCacheStores, cacheDirOf } from '../services/cache-files.js';
import { ClipboardService, MemoryClipboard, type Clipboard, type ClipboardTimers } from '../services/clipboard.js';
import { confStoreFactory, type StoreFactory } from '../services/conf-store.js';
import { ConnectionMonitor, type MonitorTiming } from '../services/connection-monitor.js';
import { ConnectionService } from '../services/connections.js';
import { loadDataKey } from '../services/data-key.js';
import { BundleService } from '../services/bundles.js';
import { DirectoryService } from '../services/directory.js';
import { redactSecrets, toAppError } from '../services/errors.js';
import type { Keyring } from '../services/keyring.js';
import type { ProxyResolver } from '../services/net/proxy.js';
import { LinkStates } from '../services/link-states.js';
import { OfflineCopies } from '../services/offline-copies.js';
import { PageCache } from '../services/page-cache.js';
import { PersonalTokenService } from '../services/personal-tokens.js';
import { SettingsStore } from '../services/settings.js';
import { SyncService } from '../services/sync.js';
import type { Timers } from '../services/timers.js';
import { TokenService } from '../services/tokens.js';

export interface CoreOptions {
  /** The app's data folder (Electron's userData). */
  dataDir: string;
  keyring: Keyring;
  /** Pushes an event to the renderer; must not throw (errors are swallowed if it does). */
  emit: (channel: EventChannel, payload: unknown) => void;
  appVersion: string;
  platform: string;
  /** Keeps the settings and the connection list: conf in Node; electron-store in the Electron build. */
  storeFactory?: StoreFactory;
  http?: { timeoutMs?: number; lostAnswerRetryDelayMs?: number };
  /**
   * The system clipboard: Electron's in the app (electron-clipboard.ts). Left out, a MemoryClipboard
   * stands in: that is what the Node tests and the browser harness want (no Electron there, and the
   * harness hands its own stand-in in to read it back); the Electron build always passes the real one.
   */
  clipboard?: Clipboard;
  /** For tests of the clipboard's clear timing. */
  clipboardTimers?: ClipboardTimers;
  /**
   * How the connection shown is kept live (connection-monitor.ts): the check and retry intervals, and
   * timers a test moves by hand. Left out: a check every 30 s, retries after 5 s doubling up to 5 min.
   */
  live?: { timing?: Partial<MonitorTiming>; timers?: Timers };
  /**
   * Which proxy each request goes through: Electron's session.resolveProxy in the app
   * (electron/electron-proxy.ts). Left out, the environment's HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
   */
  proxy?: ProxyResolver;
  /** The authorities every connection trusts. Left out, the OS store (services/net/system-ca.ts). */
  systemCa?: () => string[];
  /** Reports unexpected failures (never shown to the user). Defaults to console.error. */
  log?: (message: string) => void;
  /**
   * Applies the theme setting to the window (Electron's `nativeTheme.themeSource`, which the page's
   * `prefers-color-scheme` and the native controls follow): once at start, then on every change.
   */
  applyTheme?: (theme: Theme) => void;
}

export interface Core {
  /** Runs one IPC request. Always resolves to a Result envelope: never throws, never leaks a stack. */
  handle(channel: string, payload: unknown): Promise<Result<unknown>>;
  readonly channels: readonly Channel[];
  /**
   * Resolves once the background work started so far is done: syncs, and what each sync keeps for
   * offline use after it. For tests and the harness, which must not measure while it runs.
   */
  settle(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * The composition root of the main-process core: builds the services over the data folder and the
 * keychain, and answers every channel of the IPC contract. Plain Node: no Electron import.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? ((message: string) => console.error(message));
  const factory = options.storeFactory ?? confStoreFactory;
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const cacheDir = cacheDirOf(options.dataDir);

  const dataKey = await loadDataKey({ dataDir: options.dataDir, keyring: options.keyring, encryptedDirs: [cacheDir] });
  const connections = await ConnectionService.open({ dataDir: options.dataDir, keyring: options.keyring, factory });
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
  const deliver = (channel: EventChannel, payload: unknown): void => {
    try {
      options.emit(channel, payload);
    } catch (error) {
      log(`TokenDesk core: could not deliver a ${channel} event: ${describe(error)}`);
    }
  };
  // Every change of a cached snapshot is announced, so the renderer patches instead of reloading it.
  const cache = new ReportingSnapshotCache(stores.snapshot, (event) => deliver('snapshot:changed', event));
  const lifetime = new AbortController();
  const emit = (status: SyncStatus): void => deliver('sync:status', status);
  const pages = new PageCache(stores.pages);
  const activity = new ActivityService({ api, connections, pages, signal: lifetime.signal });
  const personalTokens = new PersonalTokenService({
    api,
    connections,
    pages,
    signal: lifetime.signal,
    lostAnswerRetryDelayMs: options.http?.lostAnswerRetryDelayMs,
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
  const accounts = new AccountService({ api, connections, sync, signal: lifetime.signal });
  const tokens = new TokenService({
    api,
    connections,
    sync,
    signal: lifetime.signal,
    lostAnswerRetryDelayMs: options.http?.lostAnswerRetryDelayMs,
  });
  const directory = new DirectoryService({ api, connections, sync, signal: lifetime.signal });
  const bundles = new BundleService({ api, connections, sync, signal: lifetime.signal });
  const settings = new SettingsStore({
    dataDir: options.dataDir,
    factory,
    onChange: (changed) => options.applyTheme?.(changed.theme),
  });
  options.applyTheme?.(settings.get().theme);
  const monitor = new ConnectionMonitor({
    api,
    connections,
    sync,
    links,
    syncEveryMinutes: () => settings.get().syncEveryMinutes,
    timing: options.live?.timing,
    timers: options.live?.timers,
    signal: lifetime.signal,
  });
  const clipboard = new ClipboardService({
    clipboard: options.clipboard ?? new MemoryClipboard(),
    clearAfterSeconds: () => settings.get().clipboardClearSeconds,
    timers: options.clipboardTimers,
    log,
  });

  if (dataKey.reset !== null) {
    for (const id of connections.ids()) {
      sync.noteRecovered(id, dataKey.reset);
      if (connections.credentialOf(id) !== null) sync.start(id, { full: true });
    }
  }

  const ctx: CoreContext = {
    appVersion: options.appVersion,
    platform: options.platform,
    keyring: options.keyring,
    connections,
    sync,
    monitor,
    accounts,
    tokens,
    personalTokens,
    directory,
    bundles,
    activity,
    clipboard,
    settings,
    api,
    signal: lifetime.signal,
  };
  let disposed = false;

  return {
    channels: Object.keys(ipcContract) as Channel[],

    async handle(channel, payload) {
      if (!isChannel(channel)) {
        return {
          ok: false,
          error: { code: 'invalid_request', message: `There is no request called "${String(channel).slice(0, 60)}".` },
        };
      }
      if (disposed) return { ok: false, error: { code: 'internal', message: 'TokenDesk is shutting down.' } };
      const parsed = parseRequest(channel, payload);
      if (!parsed.ok) return parsed;
      const handler = channelHandlers[channel] as (ctx: CoreContext, request: unknown) => Promise<unknown>;
      try {
        return { ok: true, value: await handler(ctx, parsed.value) };
      } catch (error) {
        const appError = toAppError(error);
        if (appError.code === 'internal') log(`TokenDesk core: ${channel} failed: ${describe(error)}`);
        return { ok: false, error: appError };
      }
    },

    async settle() {
      await sync.settle();
      await offline.settle();
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      lifetime.abort();
      // First: a secret left on the clipboard is the one thing quitting must not leave behind.
      await clipboard.dispose();
      await monitor.dispose();
      await sync.settle();
      await offline.settle();
      await api.close();
    },
  };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return redactSecrets(text);
}
