import type { KeyringInfo } from '../../src-shared/ipc/models.js';

export type { KeyringInfo };

/**
 * The OS keychain as the core sees it. In Electron it is `safeStorage` (async API); in Node tests and
 * the browser harness it is `NodeKeyring`. The core wraps its data key and the connection credentials
 * with it and never keeps either in plaintext on disk.
 */
export interface Keyring {
  /** Which backend is in use, and whether it actually protects anything (Linux `basic_text` does not). */
  info(): Promise<KeyringInfo>;
  encrypt(plain: string): Promise<Buffer>;
  /** Throws when the data was not made by this keychain (reset, changed machine, other user). */
  decrypt(data: Buffer): Promise<string>;
}

/**
 * Backends that do not protect anything: Linux `basic_text` wraps with a hard-coded password, and
 * `unknown` is what Linux reports before the app is ready. Data they wrapped is as good as plaintext.
 */
export const INSECURE_BACKENDS: ReadonlySet<string> = new Set(['basic_text', 'unknown']);
