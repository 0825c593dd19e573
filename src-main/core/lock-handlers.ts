import type { LockChannel, ParsedRequestOf, ResponseOf } from '../../src-shared/ipc/contract.js';
import type { LockSettings, LockStatus, Proof } from '../../src-shared/ipc/lock.js';

/** What the lock's channels do; createCore implements it over the lock service and the session. */
export interface LockControl {
  status(): Promise<LockStatus>;
  unlock(proof: Proof): Promise<LockStatus>;
  lock(): Promise<LockStatus>;
  setUp(passphrase: string, settings: Partial<LockSettings>): Promise<LockStatus>;
  configure(patch: Partial<LockSettings>): Promise<LockStatus>;
  changePassphrase(current: string, next: string): Promise<LockStatus>;
  disable(passphrase: string): Promise<LockStatus>;
  stepUp(proof: Proof): Promise<null>;
}

type LockHandler<C extends LockChannel> = (lock: LockControl, request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;

/** The lock's channels: answered with or without a session (two of them while locked). */
export const lockHandlers: { [C in LockChannel]: LockHandler<C> } = {
  'lock:status': (lock) => lock.status(),
  'lock:unlock': (lock, proof) => lock.unlock(proof),
  'lock:lock': (lock) => lock.lock(),
  'lock:setUp': (lock, { passphrase, settings }) => lock.setUp(passphrase, settings ?? {}),
  'lock:configure': (lock, patch) => lock.configure(patch),
  'lock:changePassphrase': (lock, { current, next }) => lock.changePassphrase(current, next),
  'lock:disable': (lock, { passphrase }) => lock.disable(passphrase),
  'lock:stepUp': (lock, proof) => lock.stepUp(proof),
};

export function isLockChannel(channel: string): channel is LockChannel {
  return Object.hasOwn(lockHandlers, channel);
}
