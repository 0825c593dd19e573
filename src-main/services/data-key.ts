import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
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
  const { dataDir, keyring } = options;
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
  if (!info.available || !info.secure) return { key: randomBytes(32), persistent: false, reset: null };

  if (text !== null && parsed !== null) {
    if (!parsed.success) {
      reason = 'the key file was damaged';
    } else if (parsed.data.backend !== info.backend) {
      reason = `the keychain changed (from ${parsed.data.backend} to ${info.backend})`;
    } else {
      try {
        const key = Buffer.from(await keyring.decrypt(Buffer.from(parsed.data.wrapped, 'base64')), 'base64');
        if (key.length === 32) return { key, persistent: true, reset: null };
        reason = 'the key file was damaged';
      } catch {
        reason = 'the keychain no longer opens the saved key (it was reset or belongs to another user)';
      }
    }
  }

  if (reason !== null) {
    await setAside(file, options.encryptedDirs, fileStamp(now()));
  }
  const key = randomBytes(32);
  const wrapped = (await keyring.encrypt(key.toString('base64'))).toString('base64');
  writeFileAtomic(file, JSON.stringify({ backend: info.backend, wrapped }));
  return {
    key,
    persistent: true,
    reset:
      reason === null
        ? null
        : `The saved data could not be unlocked because ${reason}. It was set aside and is being downloaded again from the server.`,
  };
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
