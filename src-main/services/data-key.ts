import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { fileStamp } from './conf-store.js';
import type { Keyring } from './keyring.js';

export const DATA_KEY_FILE = 'data-key.json';
const DataKeyFile = z.object({ backend: z.string(), wrapped: z.string().min(1) }).strict();

export interface DataKeyResult {
  key: Buffer;
  /** False when there is no keychain: the key lives only in memory and caches must not be written. */
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
 */
export async function loadDataKey(options: DataKeyOptions): Promise<DataKeyResult> {
  const { dataDir, keyring } = options;
  const now = options.now ?? (() => new Date());
  const info = await keyring.info();
  if (!info.available) return { key: randomBytes(32), persistent: false, reset: null };

  const file = join(dataDir, DATA_KEY_FILE);
  let reason: string | null = null;
  let text: string | null = null;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') reason = 'the key file could not be read';
  }
  if (text !== null) {
    const parsed = DataKeyFile.safeParse(safeJson(text));
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
  await mkdir(dataDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify({ backend: info.backend, wrapped }), { mode: 0o600 });
  await rename(temp, file);
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
