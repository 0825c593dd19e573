import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { fileStamp, writeFileAtomic } from './atomic-file.js';
import { INSECURE_BACKENDS, type Keyring } from './keyring.js';

export const DATA_KEY_FILE = 'data-key.json';
const DataKeyFile = z.object({ backend: z.string(), wrapped: z.string().min(1) }).strict();

export interface DataKeyResult {
  key: Buffer;
  /**
   * False when there is no secure keychain (none at all, or Linux `basic_text`): the key lives only in
   * memory and caches must not be written, so they do not outlive the app.
   */
  persistent: boolean;
  /** Set when the old key could not be used and the old caches were set aside: plain words. */
  reset: string | null;
}

export interface DataKeyOptions {
  dataDir: string;
  keyring: Keyring;
  /**
   * The vault while the app lock is on (lock/vault-keyring.ts): it wraps the key instead of
   * `keyring`. A key file `keyring` wrapped is then read with it and wrapped again by the vault (the
   * turn-on was cut short before it got to the file).
   */
  vault?: Keyring | null;
  /** Folders that hold data encrypted with the key; set aside together with an unusable key. */
  encryptedDirs: string[];
  now?: () => Date;
}

/**
 * The random 32-byte key that encrypts the caches, wrapped by the OS keychain and kept in
 * `data-key.json` (0600) with the name of the backend that wrapped it. When the keychain changed or
 * was reset the key cannot be unwrapped: the old key file and the caches it protects are set aside
 * (never deleted, never a crash) and a new key is made; the caller re-syncs.
 *
 * Without a secure keychain (none, or Linux `basic_text`, whose wrapping anyone can undo) no key file
 * is written: the key stays in memory and the caches with it. A key file an insecure backend wrapped
 * (older versions wrote one) is deleted with the caches it protects, since they are readable as they
 * are; one a secure keychain wrapped is left for the day that keychain is back.
 */
export async function loadDataKey(options: DataKeyOptions): Promise<DataKeyResult> {
  const { dataDir } = options;
  const keyring = options.vault ?? options.keyring;
  const now = options.now ?? (() => new Date());
  const info = await keyring.info();
  const file = join(dataDir, DATA_KEY_FILE);
  let reason: string | null = null;
  let text: string | null = null;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') reason = 'the key file could not be read';
  }
  const parsed = text === null ? null : DataKeyFile.safeParse(safeJson(text));
  if (parsed?.success && INSECURE_BACKENDS.has(parsed.data.backend)) {
    await removeAll([file, ...options.encryptedDirs]);
    text = null;
  }
  if (!info.available || !info.secure) {
    // Nothing can open caches written under a key that was never saved (the lock was turned off).
    if (text === null) await removeAll(options.encryptedDirs);
    return { key: randomBytes(32), persistent: false, reset: null };
  }

  if (text !== null && parsed !== null) {
    if (!parsed.success) {
      reason = 'the key file was damaged';
    } else if (options.vault && parsed.data.backend === (await options.keyring.info()).backend) {
      const key = await unwrapWith(options.keyring, parsed.data.wrapped);
      if (key) {
        storeDataKey(dataDir, info.backend, await keyring.encrypt(key.toString('base64')));
        return { key, persistent: true, reset: null };
      }
      reason = 'the keychain no longer opens the saved key (it was reset or belongs to another user)';
    } else if (parsed.data.backend !== info.backend) {
      reason = `the keychain changed (from ${parsed.data.backend} to ${info.backend})`;
    } else {
      const key = await unwrapWith(keyring, parsed.data.wrapped);
      if (key) return { key, persistent: true, reset: null };
      reason = 'the keychain no longer opens the saved key (it was reset or belongs to another user)';
    }
  }

  if (reason !== null) {
    await setAside(file, options.encryptedDirs, fileStamp(now()));
  }
  const key = randomBytes(32);
  storeDataKey(dataDir, info.backend, await keyring.encrypt(key.toString('base64')));
  return {
    key,
    persistent: true,
    reset:
      reason === null
        ? null
        : `The saved data could not be unlocked because ${reason}. It was set aside and is being downloaded again from the server.`,
  };
}

/**
 * Writes the key file: the key as the `backend` named wrapped it. Also how the app lock re-wraps the
 * key in use when it is turned on or off.
 */
export function storeDataKey(dataDir: string, backend: string, wrapped: Buffer): void {
  writeFileAtomic(join(dataDir, DATA_KEY_FILE), JSON.stringify({ backend, wrapped: wrapped.toString('base64') }));
}

export function removeDataKey(dataDir: string): void {
  rmSync(join(dataDir, DATA_KEY_FILE), { force: true });
}

async function unwrapWith(keyring: Keyring, wrapped: string): Promise<Buffer | null> {
  try {
    const key = Buffer.from(await keyring.decrypt(Buffer.from(wrapped, 'base64')), 'base64');
    return key.length === 32 ? key : null;
  } catch {
    return null;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** For data that is readable as it is: setting it aside would keep it on disk. */
async function removeAll(paths: string[]): Promise<void> {
  for (const path of paths) {
    try {
      await rm(path, { recursive: true, force: true });
    } catch {
      // Left behind only if the file system refuses; nothing reads it again (no key file points to it).
    }
  }
}

async function setAside(file: string, dirs: string[], stamp: string): Promise<void> {
  for (const path of [file, ...dirs]) {
    if (!existsSync(path)) continue;
    try {
      await rename(path, `${path}.old-${stamp}`);
    } catch {
      // A folder that cannot be renamed still cannot be decrypted; new files overwrite old ones.
    }
  }
}
