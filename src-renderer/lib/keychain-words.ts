import type { KeyringInfo } from '../../src-shared/ipc/models.js';

/**
 * What the app says about where tokens and cached data are kept, in one place, so no screen claims
 * encryption that is not there. Main writes neither to disk without a secure keychain.
 */
export const NO_KEYCHAIN_SUMMARY =
  'No system keychain: the token and cached data are kept in memory only and are gone when you quit.';

/** One sentence on the keychain this computer has, for the summary above or the secure case. */
export function keychainDetail(keyring: KeyringInfo): string {
  // With the app lock on, main wraps everything with the passphrase's key instead (app:info says so).
  if (keyring.backend === 'passphrase') {
    return 'Connection tokens and the cached copy of each server’s data are encrypted with a key only your TokenDesk passphrase opens, and kept between sessions.';
  }
  if (keyring.secure) {
    return `Connection tokens and the cached copy of each server’s data are encrypted with the system keychain (${keyring.backend}) and kept between sessions.`;
  }
  const found = keyring.available
    ? `The only keychain found is “${keyring.backend}”, which protects nothing, so TokenDesk writes neither the token nor the cached data to disk.`
    : 'TokenDesk found no keychain on this computer, so it writes neither the token nor the cached data to disk.';
  return `${found} To keep them between sessions, install or unlock a keychain (such as GNOME Keyring or KWallet) and restart TokenDesk.`;
}

/** Whether data survives a restart: decides wording such as "keeps an encrypted copy". */
export function keepsDataOnDisk(keyring: KeyringInfo | null): boolean {
  // Before app:info answers, say nothing that may be untrue.
  return keyring?.secure === true;
}
