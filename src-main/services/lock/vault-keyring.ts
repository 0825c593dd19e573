import type { Keyring, KeyringInfo } from '../keyring.js';
import { unwrapBytes, wrapBytes } from './key-wrap.js';

/** The backend name a vault-wrapped data key file records (data-key.ts). */
export const VAULT_BACKEND = 'passphrase';
const LABEL = 'vault';

/**
 * The keyring the app uses while its lock is on: AES-256-GCM under the vault key, which only the
 * passphrase (or the keychain copy behind Touch ID) unwraps. It wraps the data key and the
 * connections' credentials in place of the OS keychain. `destroy` zero-fills the key: after a lock
 * every use throws, so nothing is ever sealed with a key of zeros.
 */
export class VaultKeyring implements Keyring {
  #key: Buffer | null;

  constructor(key: Buffer) {
    this.#key = key;
  }

  info(): Promise<KeyringInfo> {
    return Promise.resolve({ backend: VAULT_BACKEND, secure: true, available: true });
  }

  encrypt(plain: string): Promise<Buffer> {
    const bytes = Buffer.from(plain, 'utf8');
    try {
      return Promise.resolve(Buffer.from(wrapBytes(this.#live(), bytes, LABEL), 'utf8'));
    } finally {
      bytes.fill(0);
    }
  }

  decrypt(data: Buffer): Promise<string> {
    const bytes = unwrapBytes(this.#live(), data.toString('utf8'), LABEL);
    try {
      return Promise.resolve(bytes.toString('utf8'));
    } finally {
      bytes.fill(0);
    }
  }

  /** The key's bytes, for wrapping it again (a new passphrase, the keychain copy). */
  keyBytes(): Buffer {
    return this.#live();
  }

  destroy(): void {
    this.#key?.fill(0);
    this.#key = null;
  }

  #live(): Buffer {
    if (this.#key === null) throw new Error('The vault key was dropped when TokenDesk locked.');
    return this.#key;
  }
}
