import { mkdir } from 'node:fs/promises';
import type { AppError, Result } from '../../src-shared/errors.js';
import { ipcContract, LOCKED_CHANNELS, type Channel, type EventChannel } from '../../src-shared/ipc/contract.js';
import { DEFAULT_LOCK_SETTINGS, type LockSettings, type LockStatus, type Proof } from '../../src-shared/ipc/lock.js';
import type { Theme } from '../../src-shared/ipc/models.js';
import { channelHandlers, type CoreContext } from './handlers.js';
import { isLockChannel, lockHandlers, type LockControl } from './lock-handlers.js';
import { isChannel, parseRequest } from './parse-request.js';
import { openSession, type Session, type SessionOptions } from './session.js';
import { needsStepUp } from './step-up.js';
import { ClipboardService, MemoryClipboard, type Clipboard, type ClipboardTimers } from '../services/clipboard.js';
import { confStoreFactory, type StoreFactory } from '../services/conf-store.js';
import type { MonitorTiming } from '../services/connection-monitor.js';
import { AppFailure, redactSecrets, toAppError } from '../services/errors.js';
import type { Keyring } from '../services/keyring.js';
import { IdleLock } from '../services/lock/idle-lock.js';
import { LockService } from '../services/lock/lock-service.js';
import type { KdfParams } from '../services/lock/passphrase-key.js';
import { lockAwareNotifier, type Notifier } from '../services/lock/notifier.js';
import { ManualPowerEvents, type PowerEvents } from '../services/lock/power-events.js';
import { noPresence, type UserPresence } from '../services/lock/presence.js';
import type { ProxyResolver } from '../services/net/proxy.js';
import { realPasswordManagers, type PasswordManagerTargets } from '../services/save-to.js';
import { cancelled, type SystemDialogs } from '../services/system-dialogs.js';
import { SettingsStore } from '../services/settings.js';
import { realTimers, type Timers } from '../services/timers.js';

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
   * The same timers drive the lock (idle time, step-up window, back-off).
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
  /** Screen lock, suspend and idle time: Electron's powerMonitor in the app; left out, a stand-in. */
  power?: PowerEvents;
  /** Touch ID in the app on macOS; left out, none. */
  presence?: UserPresence;
  /** OS notifications: Electron's `Notification` in the app; left out, none are shown. */
  notifier?: Notifier;
  /** Brings the app's window to the front (a notification was clicked). */
  showWindow?: () => void;
  /**
   * Called after the app locked: the Electron main reloads the window, so nothing the renderer
   * held survives (its query cache, its stores).
   */
  onLocked?: () => void;
  /** The password managers Save to… writes to (services/password-managers); left out, the real ones. */
  passwordManagers?: PasswordManagerTargets;
  /** The system's file dialogs (Electron's `dialog`); each one left out is always cancelled. */
  dialogs?: Partial<SystemDialogs>;
  /** For tests: cheaper scrypt than the real parameters, which take half a second a try. */
  lockKdf?: Pick<KdfParams, 'N' | 'r' | 'p'>;
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
  /** Locks now (the menu item, Ctrl/Cmd+L); nothing happens while the lock is off. */
  lock(): Promise<void>;
  dispose(): Promise<void>;
}

const LOCKED: AppError = { code: 'locked', message: 'TokenDesk is locked. Unlock it with your passphrase.' };

/**
 * The composition root of the main-process core: the settings, the clipboard and the app lock, and
 * while unlocked a session (session.ts) with everything else. Answers every channel of the IPC
 * contract. Plain Node: no Electron import.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? ((message: string) => console.error(message));
  const factory = options.storeFactory ?? confStoreFactory;
  const timers = options.live?.timers ?? realTimers;
  const power = options.power ?? new ManualPowerEvents();
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });

  const deliver = (channel: EventChannel, payload: unknown): void => {
    try {
      options.emit(channel, payload);
    } catch (error) {
      log(`TokenDesk core: could not deliver a ${channel} event: ${describe(error)}`);
    }
  };
  const settings = new SettingsStore({
    dataDir: options.dataDir,
    factory,
    onChange: (changed) => options.applyTheme?.(changed.theme),
  });
  options.applyTheme?.(settings.get().theme);
  const clipboard = new ClipboardService({
    clipboard: options.clipboard ?? new MemoryClipboard(),
    clearAfterSeconds: () => settings.get().clipboardClearSeconds,
    timers: options.clipboardTimers,
    log,
  });
  const lock = LockService.open({
    dataDir: options.dataDir,
    keychain: options.keyring,
    presence: options.presence ?? noPresence,
    timers,
    kdf: options.lockKdf,
  });
  await lock.openAtStart();
  const passwordManagers = options.passwordManagers ?? realPasswordManagers();
  const dialogs: SystemDialogs = {
    pickFile: options.dialogs?.pickFile ?? cancelled,
    pickFolder: options.dialogs?.pickFolder ?? cancelled,
    pickSavePath: options.dialogs?.pickSavePath ?? cancelled,
  };

  const sessionOptions = (vault: Keyring | null): SessionOptions => ({
    dataDir: options.dataDir,
    keyring: options.keyring,
    vault,
    factory,
    settings,
    deliver,
    appVersion: options.appVersion,
    http: options.http,
    live: options.live,
    proxy: options.proxy,
    systemCa: options.systemCa,
    log,
    // A click shows the window and opens the token (or the Attention view for several); never while locked.
    notify: (notice) =>
      notifier.notify({
        title: notice.title,
        body: notice.body,
        onClick: () => {
          options.showWindow?.();
          if (!isLocked()) deliver('notice:open', notice.open);
        },
      }),
  });
  let session: Session | null = lock.state === 'locked' ? null : await openSession(sessionOptions(lock.vault));
  /** Lock and unlock run one at a time, and never while the other is half done. */
  let transition: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = transition.then(work);
    transition = run.catch(() => undefined);
    return run;
  };

  // While locked, a notification names nothing: the screen it shows on may be an unattended desk's.
  const notifier = lockAwareNotifier(options.notifier ?? { notify: () => undefined }, () => isLocked());
  session?.watchAll();
  const idle = new IdleLock({
    power,
    timers,
    limitMinutes: () => (lock.state === 'unlocked' ? (lock.settings?.idleMinutes ?? null) : null),
    onIdle: () => void lockNow(),
  });
  idle.reschedule();
  const unsubscribePower = power.onLockTrigger(() => void lockNow());
  // Awake again: the notices plan now, as their timer did not count the time asleep.
  const unsubscribeResume = power.onResume(() => void session?.notices.refresh());

  /** Locked from the moment a lock starts: the session is gone at once, its keys once it has closed. */
  const isLocked = () => lock.state === 'locked' || (lock.state === 'unlocked' && session === null);
  const status = async (): Promise<LockStatus> => ({ ...(await lock.status()), locked: isLocked() });
  const announce = async (): Promise<LockStatus> => {
    const now = await status();
    deliver('lock:changed', now);
    return now;
  };

  function lockNow(): Promise<LockStatus> {
    if (lock.state !== 'unlocked' || session === null) return status();
    // From here every request is refused; what the session holds is closed in turn, after any
    // change of the lock still running on it.
    const closing = session;
    session = null;
    idle.stop();
    return serially(async () => {
      await closing.dispose();
      lock.lock();
      await clipboard.dispose();
      const status = await announce();
      options.onLocked?.();
      return status;
    });
  }

  const control: LockControl = {
    status,
    unlock: (proof: Proof) =>
      serially(async () => {
        if (lock.state !== 'locked') return status();
        const vault = await lock.unlock(proof);
        try {
          session = await openSession(sessionOptions(vault));
          session.watchAll();
        } catch (error) {
          // Locked again rather than "unlocked" with nothing open: the next try starts afresh.
          lock.lock();
          throw error;
        }
        idle.reschedule();
        return announce();
      }),
    lock: lockNow,
    setUp: (passphrase: string, patch: Partial<LockSettings>) =>
      serially(async () => {
        const current = requireSession();
        const vault = await lock.setUp(passphrase, { ...DEFAULT_LOCK_SETTINGS, ...patch });
        await current.rewrap(vault);
        idle.reschedule();
        return announce();
      }),
    configure: async (patch: Partial<LockSettings>) => {
      requireSession();
      await lock.configure(patch);
      idle.reschedule();
      return announce();
    },
    changePassphrase: async (current: string, next: string) => {
      requireSession();
      await lock.changePassphrase(current, next);
      return status();
    },
    disable: (passphrase: string) =>
      serially(async () => {
        const current = requireSession();
        await lock.confirmRemoval(passphrase);
        // Re-wrapped first, lock.json removed last: a crash between leaves the lock on, and the next
        // unlock finishes the re-wrap it finds half done.
        await current.rewrap(null);
        lock.removed();
        idle.reschedule();
        return announce();
      }),
    stepUp: async (proof: Proof) => {
      requireSession();
      await lock.stepUp(proof);
      return null;
    },
  };

  function requireSession(): Session {
    if (!session) throw new AppFailure('locked', LOCKED.message);
    return session;
  }

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
      // Refused before the payload is even parsed: a locked app says nothing about what it holds.
      if (isLocked() && !LOCKED_CHANNELS.has(channel)) return { ok: false, error: LOCKED };
      const parsed = parseRequest(channel, payload);
      if (!parsed.ok) return parsed;
      try {
        if (isLockChannel(channel)) {
          const handler = lockHandlers[channel] as (lock: LockControl, request: unknown) => Promise<unknown>;
          return { ok: true, value: await handler(control, parsed.value) };
        }
        const current = requireSession();
        if (lock.stepUpDue() && needsStepUp(channel, parsed.value as Record<string, unknown>, current)) {
          throw new AppFailure(
            'step_up_required',
            'Enter your passphrase to confirm it is you. This action gives Admin-level access.',
          );
        }
        const ctx: CoreContext = {
          ...current,
          appVersion: options.appVersion,
          platform: options.platform,
          keyring: lock.vault ?? options.keyring,
          clipboard,
          settings,
          passwordManagers,
          notifier,
          dialogs,
        };
        const handler = channelHandlers[channel] as (ctx: CoreContext, request: unknown) => Promise<unknown>;
        const value = await handler(ctx, parsed.value);
        // An answer from a session that locked meanwhile goes nowhere: the window is being reloaded.
        if (session !== current) return { ok: false, error: LOCKED };
        return { ok: true, value };
      } catch (error) {
        const appError = toAppError(error);
        if (appError.code === 'internal') log(`TokenDesk core: ${channel} failed: ${describe(error)}`);
        return { ok: false, error: appError };
      }
    },

    async settle() {
      await session?.settle();
    },

    async lock() {
      await lockNow();
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      unsubscribePower();
      unsubscribeResume();
      idle.stop();
      // First: a secret left on the clipboard is the one thing quitting must not leave behind.
      await clipboard.dispose();
      await serially(async () => {
        await session?.dispose();
        session = null;
        lock.lock();
      });
    },
  };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return redactSecrets(text);
}
