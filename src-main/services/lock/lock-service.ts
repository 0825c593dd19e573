import { randomBytes } from 'node:crypto';
import { DEFAULT_LOCK_SETTINGS, type LockSettings, type LockStatus, type Proof } from '../../../src-shared/ipc/lock.js';
import { AppFailure } from '../errors.js';
import type { Keyring } from '../keyring.js';
import { realTimers, type Timers } from '../timers.js';
import { UnwrapError, unwrapBytes, wrapBytes } from './key-wrap.js';
import { readLockFile, removeLockFile, writeLockFile, type LockFile } from './lock-file.js';
import { derivePassphraseKey, newKdfParams, type KdfParams } from './passphrase-key.js';
import type { UserPresence } from './presence.js';
import { VaultKeyring } from './vault-keyring.js';

const VAULT_KEY_LABEL = 'vault-key';
/** Waits after wrong passphrases: 1 s, 2 s, 4 s … up to this. */
export const BACKOFF_CAP_SECONDS = 30;

export type LockState = 'off' | 'locked' | 'unlocked';

export interface LockServiceOptions {
  dataDir: string;
  /** The OS keychain: wraps the optional copy of the vault key (Touch ID, start without passphrase). */
  keychain: Keyring;
  presence: UserPresence;
  timers?: Timers;
  /** For tests: cheaper scrypt parameters than the real ones. */
  kdf?: Pick<KdfParams, 'N' | 'r' | 'p'>;
}

/**
 * The app lock: the passphrase, the vault key it wraps, and whether the app is locked. While it is
 * on, the vault key (VaultKeyring) wraps the data key and the credentials instead of the OS
 * keychain, so nothing on disk opens without the passphrase. Wrong passphrases back off; every check
 * (unlock, step-up, change, turn off) counts towards the same wait, and one runs at a time.
 */
export class LockService {
  readonly #options: LockServiceOptions;
  readonly #timers: Timers;
  #file: LockFile | null;
  #problem: string | null = null;
  #vault: VaultKeyring | null = null;
  #failures = 0;
  #retryAt = 0;
  #verifiedAt = 0;
  #checking = false;

  private constructor(options: LockServiceOptions, file: LockFile | null, problem: string | null) {
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
    this.#file = file;
    this.#problem = problem;
  }

  static open(options: LockServiceOptions): LockService {
    try {
      return new LockService(options, readLockFile(options.dataDir), null);
    } catch {
      // Never read as "off": that would open the app without its passphrase.
      return new LockService(
        options,
        null,
        "TokenDesk's lock file (lock.json in its data folder) is damaged, so your saved data cannot be opened. Remove the data folder to start again, then add your connections again.",
      );
    }
  }

  get state(): LockState {
    if (this.#problem !== null) return 'locked';
    if (this.#file === null) return 'off';
    return this.#vault === null ? 'locked' : 'unlocked';
  }

  /** The key that wraps the data key and credentials; null while the lock is off or locked. */
  get vault(): VaultKeyring | null {
    return this.#vault;
  }

  get settings(): LockSettings | null {
    return this.#file?.settings ?? null;
  }

  async status(): Promise<LockStatus> {
    const keychain = await this.#options.keychain.info();
    const touchIdAvailable = await this.#options.presence.available();
    return {
      enabled: this.#file !== null || this.#problem !== null,
      locked: this.state === 'locked',
      retryAfterSeconds: this.#waitSeconds(),
      touchIdReady: touchIdAvailable && this.#file?.settings.touchId === true && this.#file.keychainCopy !== null,
      touchIdAvailable,
      keychainSecure: keychain.available && keychain.secure,
      settings: this.settings,
      problem: this.#problem,
    };
  }

  /**
   * At start: opens the vault without the passphrase when the user chose not to lock on start (from
   * the keychain copy). A copy the keychain no longer opens leaves the app locked; the passphrase
   * still works.
   */
  async openAtStart(): Promise<void> {
    const file = this.#file;
    if (!file || file.settings.lockOnStart) return;
    const key = await this.#fromKeychainCopy(file);
    if (key) this.#opened(key);
  }

  async unlock(proof: Proof): Promise<VaultKeyring> {
    const file = this.#requireFile();
    if (this.#vault) return this.#vault;
    const key = await this.#prove(file, proof);
    return this.#opened(key);
  }

  /** Drops the vault key, zero-filled. The caller has closed everything it wrapped first. */
  lock(): void {
    this.#vault?.destroy();
    this.#vault = null;
  }

  /** Step-up: whether an Admin-grade action needs the user to prove it is them again. */
  stepUpDue(): boolean {
    const settings = this.settings;
    if (this.state !== 'unlocked' || !settings) return false;
    return this.#timers.now() - this.#verifiedAt >= settings.stepUpMinutes * 60_000;
  }

  async stepUp(proof: Proof): Promise<void> {
    const file = this.#requireFile();
    this.#requireUnlocked();
    const key = await this.#prove(file, proof);
    key.fill(0);
    this.#verifiedAt = this.#timers.now();
  }

  /** Turns the lock on. The caller then wraps the data key and credentials with the vault. */
  async setUp(passphrase: string, settings: LockSettings = DEFAULT_LOCK_SETTINGS): Promise<VaultKeyring> {
    if (this.#file || this.#problem) throw new AppFailure('invalid_request', 'The lock is already set up.');
    const key = randomBytes(32);
    const kdf = newKdfParams(this.#options.kdf);
    const file: LockFile = {
      version: 1,
      kdf,
      vaultKey: await this.#wrap(passphrase, kdf, key),
      keychainCopy: null,
      settings,
    };
    file.keychainCopy = await this.#keychainCopyFor(file, key);
    writeLockFile(this.#options.dataDir, file);
    this.#file = file;
    return this.#opened(key);
  }

  async changePassphrase(current: string, next: string): Promise<void> {
    const file = this.#requireFile();
    this.#requireUnlocked();
    const key = await this.#prove(file, { passphrase: current });
    try {
      const kdf = newKdfParams(this.#options.kdf);
      this.#save({ ...file, kdf, vaultKey: await this.#wrap(next, kdf, key) });
    } finally {
      key.fill(0);
    }
  }

  /** Lock on start and Touch ID decide whether the keychain copy exists; it is made or removed here. */
  async configure(patch: Partial<LockSettings>): Promise<void> {
    const file = this.#requireFile();
    const vault = this.#requireUnlocked();
    const next: LockFile = { ...file, settings: { ...file.settings, ...patch } };
    next.keychainCopy = await this.#keychainCopyFor(next, vault.keyBytes());
    this.#save(next);
  }

  /** Checks the passphrase before the lock is turned off; the caller re-wraps, then calls `removed`. */
  async confirmRemoval(passphrase: string): Promise<VaultKeyring> {
    const file = this.#requireFile();
    const vault = this.#requireUnlocked();
    (await this.#prove(file, { passphrase })).fill(0);
    return vault;
  }

  removed(): void {
    removeLockFile(this.#options.dataDir);
    this.#file = null;
    this.lock();
  }

  /** Checks a proof, one at a time and after the wait; answers the vault key it unwraps. */
  async #prove(file: LockFile, proof: Proof): Promise<Buffer> {
    if (this.#checking) {
      throw new AppFailure('try_later', 'The last passphrase is still being checked. Try again in a moment.', {
        details: { retryAfterSeconds: 1 },
      });
    }
    const wait = this.#waitSeconds();
    if (wait > 0) {
      throw new AppFailure('try_later', `Too many wrong passphrases. Try again in ${wait} s.`, {
        details: { retryAfterSeconds: wait },
      });
    }
    this.#checking = true;
    try {
      const key =
        'passphrase' in proof ? await this.#fromPassphrase(file, proof.passphrase) : await this.#fromPresence(file);
      if (key) {
        this.#failures = 0;
        this.#retryAt = 0;
        return key;
      }
      if (!('passphrase' in proof)) {
        throw new AppFailure('wrong_passphrase', 'Touch ID did not confirm it is you. Enter your passphrase instead.');
      }
      this.#failures += 1;
      const seconds = Math.min(2 ** (this.#failures - 1), BACKOFF_CAP_SECONDS);
      this.#retryAt = this.#timers.now() + seconds * 1000;
      throw new AppFailure('wrong_passphrase', `That passphrase is not right. Try again in ${seconds} s.`, {
        details: { retryAfterSeconds: seconds },
      });
    } finally {
      this.#checking = false;
    }
  }

  async #fromPassphrase(file: LockFile, passphrase: string): Promise<Buffer | null> {
    const kek = await derivePassphraseKey(passphrase, file.kdf);
    try {
      return unwrapBytes(kek, file.vaultKey, VAULT_KEY_LABEL);
    } catch (error) {
      if (error instanceof UnwrapError) return null;
      throw error;
    } finally {
      kek.fill(0);
    }
  }

  async #fromPresence(file: LockFile): Promise<Buffer | null> {
    if (!file.settings.touchId || !(await this.#options.presence.available())) {
      throw new AppFailure('invalid_request', 'Touch ID is not set up for TokenDesk. Enter your passphrase.');
    }
    if (!(await this.#options.presence.confirm('unlock TokenDesk'))) return null;
    return this.#fromKeychainCopy(file);
  }

  async #fromKeychainCopy(file: LockFile): Promise<Buffer | null> {
    const copy = file.keychainCopy;
    const keychain = await this.#options.keychain.info();
    if (!copy || copy.backend !== keychain.backend) return null;
    try {
      const key = Buffer.from(await this.#options.keychain.decrypt(Buffer.from(copy.wrapped, 'base64')), 'base64');
      return key.length === 32 ? key : null;
    } catch {
      return null;
    }
  }

  async #wrap(passphrase: string, kdf: KdfParams, key: Buffer): Promise<string> {
    const kek = await derivePassphraseKey(passphrase, kdf);
    try {
      return wrapBytes(kek, key, VAULT_KEY_LABEL);
    } finally {
      kek.fill(0);
    }
  }

  /** The keychain copy the settings call for, or null. Refused where the keychain protects nothing. */
  async #keychainCopyFor(file: LockFile, key: Buffer): Promise<LockFile['keychainCopy']> {
    if (file.settings.lockOnStart && !file.settings.touchId) return null;
    const keychain = await this.#options.keychain.info();
    if (!keychain.available || !keychain.secure) {
      throw new AppFailure(
        'keyring_unavailable',
        'Starting without the passphrase and Touch ID need the system keychain, which TokenDesk cannot use on this computer.',
      );
    }
    if (file.keychainCopy && file.keychainCopy.backend === keychain.backend) return file.keychainCopy;
    const wrapped = await this.#options.keychain.encrypt(key.toString('base64'));
    return { backend: keychain.backend, wrapped: wrapped.toString('base64') };
  }

  #opened(key: Buffer): VaultKeyring {
    this.#vault = new VaultKeyring(key);
    this.#verifiedAt = this.#timers.now();
    return this.#vault;
  }

  #save(file: LockFile): void {
    writeLockFile(this.#options.dataDir, file);
    this.#file = file;
  }

  #waitSeconds(): number {
    return Math.max(0, Math.ceil((this.#retryAt - this.#timers.now()) / 1000));
  }

  #requireFile(): LockFile {
    if (this.#problem !== null) throw new AppFailure('lock_damaged', this.#problem);
    if (!this.#file)
      throw new AppFailure('invalid_request', 'TokenDesk has no passphrase set up. Set one under Settings → Lock.');
    return this.#file;
  }

  #requireUnlocked(): VaultKeyring {
    if (!this.#vault) throw new AppFailure('locked', 'TokenDesk is locked. Unlock it with your passphrase.');
    return this.#vault;
  }
}
