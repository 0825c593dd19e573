/**
 * The lock, Save to… and saved-entries parts of the fake bridge (component tests only): a passphrase
 * kept in the fake's state, wrong ones answered with the back-off main gives, and password managers
 * that record what they were asked to save (a reveal id, never a secret).
 */
import type { AppError, Result } from '../../src-shared/errors.js';
import type { TokenDeskApi } from '../../src-shared/ipc/contract.js';
import { DEFAULT_LOCK_SETTINGS, type LockStatus } from '../../src-shared/ipc/lock.js';
import type { PasswordManagers, SavedEntry } from '../../src-shared/ipc/password-managers.js';

export type LockFakeState = {
  lock: LockStatus;
  /** The passphrase the fake lock opens with; null while it is off. */
  passphrase: string | null;
  passwordManagers: PasswordManagers;
  savedEntries: SavedEntry[];
  /** Reveal ids the renderer closed. */
  closedReveals: string[];
};

export function lockFakeState(): LockFakeState {
  return {
    lock: {
      enabled: false,
      locked: false,
      retryAfterSeconds: 0,
      touchIdReady: false,
      touchIdAvailable: false,
      keychainSecure: true,
      settings: null,
      problem: null,
    },
    passphrase: null,
    passwordManagers: {
      targets: [
        { kind: 'keepass', available: true, reason: null },
        { kind: 'pass', available: true, reason: null },
        { kind: 'bitwarden', available: false, reason: 'The Bitwarden CLI (bw) is not installed or not on PATH.' },
        { kind: '1password', available: false, reason: 'The 1Password CLI (op) is not installed or not on PATH.' },
      ],
      keepass: null,
    },
    savedEntries: [],
    closedReveals: [],
  };
}

type Answer = <T>(fn: string, request: unknown, value: () => T | AppError) => Promise<Result<T>>;

export function fakeLockApi(
  state: LockFakeState,
  answer: Answer,
  onLockChanged: (status: LockStatus) => void,
): Pick<TokenDeskApi, 'lock' | 'passwordManagers' | 'reveal' | 'savedEntries'> {
  const wrong = (): AppError => {
    state.lock = { ...state.lock, retryAfterSeconds: Math.max(1, state.lock.retryAfterSeconds * 2) };
    return {
      code: 'wrong_passphrase',
      message: `That passphrase is not right. Try again in ${state.lock.retryAfterSeconds} s.`,
      details: { retryAfterSeconds: state.lock.retryAfterSeconds },
    };
  };
  const changed = (next: Partial<LockStatus>) => {
    state.lock = { ...state.lock, ...next };
    onLockChanged(state.lock);
    return state.lock;
  };
  return {
    lock: {
      status: () => answer('lock.status', undefined, () => state.lock),
      unlock: (request) =>
        answer('lock.unlock', request, () =>
          'passphrase' in request && request.passphrase === state.passphrase
            ? changed({ locked: false, retryAfterSeconds: 0 })
            : wrong(),
        ),
      lock: () => answer('lock.lock', undefined, () => changed({ locked: state.lock.enabled })),
      setUp: (request) =>
        answer('lock.setUp', request, () => {
          state.passphrase = request.passphrase;
          return changed({ enabled: true, settings: { ...DEFAULT_LOCK_SETTINGS, ...request.settings } });
        }),
      configure: (request) =>
        answer('lock.configure', request, () =>
          changed({ settings: { ...DEFAULT_LOCK_SETTINGS, ...state.lock.settings, ...request } }),
        ),
      changePassphrase: (request) =>
        answer('lock.changePassphrase', request, () => {
          if (request.current !== state.passphrase) return wrong();
          state.passphrase = request.next;
          return state.lock;
        }),
      disable: (request) =>
        answer('lock.disable', request, () => {
          if (request.passphrase !== state.passphrase) return wrong();
          state.passphrase = null;
          return changed({ enabled: false, locked: false, settings: null });
        }),
      stepUp: (request) =>
        answer('lock.stepUp', request, () =>
          'passphrase' in request && request.passphrase === state.passphrase ? null : wrong(),
        ),
    },
    passwordManagers: {
      list: () => answer('passwordManagers.list', undefined, () => state.passwordManagers),
      pickKeepass: () => answer('passwordManagers.pickKeepass', undefined, () => '/home/me/Passwords.kdbx'),
    },
    reveal: {
      save: (request) =>
        answer('reveal.save', request, () => {
          const entryTitle = 'tokendesk/td.example/deploy-bot/ci';
          if (request.kind === 'keepass') state.passwordManagers.keepass = request.place;
          return { kind: request.kind, entryTitle, savedAt: new Date().toISOString(), updated: false };
        }),
      close: (request) =>
        answer('reveal.close', request, () => {
          state.closedReveals.push(request.revealId);
          return null;
        }),
    },
    savedEntries: { list: (request) => answer('savedEntries.list', request, () => state.savedEntries) },
  };
}
