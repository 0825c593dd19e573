import { describe, expect, it } from 'vitest';
import type { AsyncSafeStorage } from './safe-storage-keyring.js';
import { createSafeStorageKeyring } from './safe-storage-keyring.js';

type Backend = ReturnType<AsyncSafeStorage['getSelectedStorageBackend']>;

/** Electron's safeStorage cannot run in Node; this stands in for its async API's documented contract. */
function standIn(available: boolean, backend: Backend): AsyncSafeStorage & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isAsyncEncryptionAvailable: () => Promise.resolve(available),
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: (plain: string) => (calls.push('encrypt'), Promise.resolve(Buffer.from(`enc:${plain}`))),
    decryptStringAsync: (data: Buffer) => {
      calls.push('decrypt');
      return Promise.resolve({ result: data.toString().replace(/^enc:/, ''), shouldReEncrypt: false });
    },
  };
}

describe('safeStorage keyring', () => {
  it('reports a real Linux keychain as secure', async () => {
    const keyring = createSafeStorageKeyring(standIn(true, 'gnome_libsecret'), 'linux');
    expect(await keyring.info()).toEqual({ backend: 'gnome_libsecret', secure: true, available: true });
  });

  it.each(['basic_text', 'unknown'] as const)(
    'reports the Linux %s backend as available but not secure',
    async (backend) => {
      const keyring = createSafeStorageKeyring(standIn(true, backend), 'linux');
      expect(await keyring.info()).toEqual({ backend, secure: false, available: true });
    },
  );

  it('names the macOS and Windows backends without asking for a Linux one', async () => {
    const storage = standIn(true, 'unknown');
    expect((await createSafeStorageKeyring(storage, 'darwin').info()).backend).toBe('macos_keychain');
    expect((await createSafeStorageKeyring(storage, 'win32').info()).secure).toBe(true);
  });

  it('round-trips through the async API only', async () => {
    const storage = standIn(true, 'kwallet6');
    const keyring = createSafeStorageKeyring(storage, 'linux');
    expect(await keyring.decrypt(await keyring.encrypt('tdk_pt_secret'))).toBe('tdk_pt_secret');
    expect(storage.calls).toEqual(['encrypt', 'decrypt']);
  });

  it('refuses to encrypt or decrypt when no keychain is available', async () => {
    const storage = standIn(false, 'unknown');
    const keyring = createSafeStorageKeyring(storage, 'linux');
    expect(await keyring.info()).toEqual({ backend: 'unknown', secure: false, available: false });
    await expect(keyring.encrypt('x')).rejects.toMatchObject({ code: 'keyring_unavailable' });
    await expect(keyring.decrypt(Buffer.from('enc:x'))).rejects.toMatchObject({ code: 'keyring_unavailable' });
    expect(storage.calls).toEqual([]);
  });
});
