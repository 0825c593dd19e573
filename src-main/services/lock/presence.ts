/**
 * The OS's "is it really you" prompt: Touch ID on macOS (`systemPreferences.promptTouchID`). A
 * convenience only: what it releases is a copy of the vault key the OS keychain wraps (lock-file.ts).
 */
export interface UserPresence {
  available(): Promise<boolean>;
  /** Asks the user; true when they confirmed. `reason` completes "TokenDesk wants to …". */
  confirm(reason: string): Promise<boolean>;
}

/** Where there is no such prompt (Linux, Windows, the Node core in tests): never available. */
export const noPresence: UserPresence = {
  available: () => Promise.resolve(false),
  confirm: () => Promise.resolve(false),
};
