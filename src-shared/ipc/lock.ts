import { z } from 'zod';

/** The shortest passphrase the lock accepts: it is all that stands between a copied data folder and its tokens. */
export const PASSPHRASE_MIN_LENGTH = 10;
export const Passphrase = z.string().max(1024, 'Use at most 1024 characters.');
export const NewPassphrase = Passphrase.min(
  PASSPHRASE_MIN_LENGTH,
  `Use at least ${PASSPHRASE_MIN_LENGTH} characters. A few unrelated words are easy to remember and hard to guess.`,
);

export const LOCK_IDLE_CHOICES = [1, 2, 5, 10, 15, 30, 60] as const;
export const LockSettings = z
  .object({
    /** Minutes without keyboard or mouse input before the app locks itself; null: never. */
    idleMinutes: z.number().int('Use whole minutes.').min(1).max(1440).nullable(),
    /** Ask for the passphrase every time the app starts. Off keeps a keychain-wrapped copy of the key. */
    lockOnStart: z.boolean(),
    /** Unlock with Touch ID (macOS): keeps a keychain-wrapped copy of the key. */
    touchId: z.boolean(),
    /** Minutes an unlock counts for creating Admin tokens and adding connections; 0: ask every time. */
    stepUpMinutes: z.number().int('Use whole minutes.').min(0).max(1440),
  })
  .strict();
export type LockSettings = z.infer<typeof LockSettings>;

export const DEFAULT_LOCK_SETTINGS: LockSettings = {
  idleMinutes: 5,
  lockOnStart: true,
  touchId: false,
  stepUpMinutes: 5,
};

export const LockStatus = z.object({
  /** A passphrase is set up. */
  enabled: z.boolean(),
  locked: z.boolean(),
  /** Seconds before another passphrase may be tried (after wrong ones); 0: now. */
  retryAfterSeconds: z.number().int().min(0),
  /** Touch ID can unlock now (set up, and the OS offers it). */
  touchIdReady: z.boolean(),
  /** The OS offers Touch ID at all (macOS with a sensor). */
  touchIdAvailable: z.boolean(),
  /** The OS keychain protects what it wraps: needed to start without the passphrase or use Touch ID. */
  keychainSecure: z.boolean(),
  /** Null while the lock is off. */
  settings: LockSettings.nullable(),
  /** Set when lock.json cannot be read: the data cannot be opened, in plain words. */
  problem: z.string().nullable(),
});
export type LockStatus = z.infer<typeof LockStatus>;

/** How the user proves it is them: the passphrase, or Touch ID where it is set up. */
export const Proof = z.union([
  z.object({ passphrase: Passphrase }).strict(),
  z.object({ touchId: z.literal(true) }).strict(),
]);
export type Proof = z.infer<typeof Proof>;
