import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-file.js';
import { LockSettings } from '../../../src-shared/ipc/lock.js';
import { KdfParams } from './passphrase-key.js';

export const LOCK_FILE = 'lock.json';

export const LockFile = z
  .object({
    version: z.literal(1),
    kdf: KdfParams,
    /** The vault key, wrapped by the key the passphrase gives (key-wrap.ts). */
    vaultKey: z.string().min(1),
    /**
     * A copy of the vault key wrapped by the OS keychain, kept only while the user wants Touch ID or
     * to start without the passphrase. With it the lock is as strong as the keychain, not as the
     * passphrase; without it nothing on this machine opens the vault but the passphrase.
     */
    keychainCopy: z
      .object({ backend: z.string(), wrapped: z.string().min(1) })
      .strict()
      .nullable(),
    /** Here rather than in settings.json: lock on start and Touch ID decide whether the copy exists. */
    settings: LockSettings,
  })
  .strict();
export type LockFile = z.infer<typeof LockFile>;

/**
 * `<dataDir>/lock.json`: null when there is none (the lock is off). A file that is there but does not
 * parse is an error, never "off": treating it as off would open the app without the passphrase.
 */
export function readLockFile(dataDir: string): LockFile | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, LOCK_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return LockFile.parse(JSON.parse(text));
}

export function writeLockFile(dataDir: string, file: LockFile): void {
  writeFileAtomic(join(dataDir, LOCK_FILE), JSON.stringify(LockFile.parse(file)));
}

export function removeLockFile(dataDir: string): void {
  rmSync(join(dataDir, LOCK_FILE), { force: true });
}
