import type { SafeStorage } from 'electron';
import type { KeyringInfo } from '../../src-shared/ipc/models.js';
import { AppFailure } from '../services/errors.js';
import { INSECURE_BACKENDS, type Keyring } from '../services/keyring.js';

/** The part of Electron's `safeStorage` this adapter uses: the async API only (the sync one is deprecated). */
export type AsyncSafeStorage = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

function backendName(safeStorage: AsyncSafeStorage, platform: string): string {
  switch (platform) {
    case 'linux':
      return safeStorage.getSelectedStorageBackend();
    case 'darwin':
      return 'macos_keychain';
    case 'win32':
      return 'windows_dpapi';
    default:
      return 'unknown';
  }
}

/**
 * The real Keyring over Electron's `safeStorage`. It reports honestly whether the backend protects
 * anything; the core decides from `info().secure` whether a credential may be written to disk.
 * Call only after `app` is ready: before that Linux reports the `unknown` backend.
 */
export function createSafeStorageKeyring(safeStorage: AsyncSafeStorage, platform: string): Keyring {
  const ensureAvailable = async (): Promise<void> => {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new AppFailure('keyring_unavailable', 'The operating system keychain is not available.');
    }
  };

  return {
    async info(): Promise<KeyringInfo> {
      const available = await safeStorage.isAsyncEncryptionAvailable();
      // Read the backend after the availability check: the async encryptor initialises lazily.
      const backend = backendName(safeStorage, platform);
      return { backend, available, secure: available && !INSECURE_BACKENDS.has(backend) };
    },
    async encrypt(plain: string): Promise<Buffer> {
      await ensureAvailable();
      return safeStorage.encryptStringAsync(plain);
    },
    async decrypt(data: Buffer): Promise<string> {
      await ensureAvailable();
      const { result } = await safeStorage.decryptStringAsync(data);
      return result;
    },
  };
}
