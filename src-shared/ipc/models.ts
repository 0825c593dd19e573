import { z } from 'zod';
import { Bundle } from '../api/bundles.js';
import { TokenPolicy } from '../token-policy.js';
import { CreatedMember, Group, Member } from '../api/directory.js';
import { Me, Role, ServiceAccount, ServiceAccountWithTokens } from '../api/models.js';
import { CreatedToken, RotatedToken } from '../api/tokens.js';
import { CursorPage } from '../api/pages.js';
import { DomainName, IsoDateTime } from '../validation.js';
import { KeepassPlace, RevealFields } from './password-managers.js';
import { CaCertificatePem, PinnedKey } from './tls.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Server URL: https anywhere, plain http only to loopback (a token never crosses a network in the clear). */
export const ServerUrl = z
  .string()
  .trim()
  // abort: zod 4 runs later refinements after a failed one, and `new URL` below would throw on it.
  .refine((value) => URL.canParse(value), {
    message: 'Enter a full URL (for example https://tokens.example.com).',
    abort: true,
  })
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  }, 'Use https. Plain http is allowed only for this computer (127.0.0.1 or localhost).')
  .transform((value) => value.replace(/\/+$/, ''));

export const ConnectionCredential = z
  .string()
  .trim()
  .min(1, 'Paste the admin token for this server.')
  .max(200, 'That is longer than any TokenDesk token.');

export const ConnectionInput = z
  .object({
    name: z.string().trim().min(1, 'Give the connection a name.').max(80, 'Keep the name to 80 characters.'),
    url: ServerUrl,
    domain: DomainName,
    token: ConnectionCredential,
    /** A private certificate authority to trust for this server (PEM); empty or absent: none. */
    caCertificate: CaCertificatePem.optional(),
    /** The server's public key this connection accepts and no other; empty or absent: none. */
    pinnedKey: PinnedKey.optional(),
  })
  .strict();
export type ConnectionInput = z.input<typeof ConnectionInput>;

/** A change of `url` to another server needs `token` too (isSameServer); main refuses it otherwise. */
export const ConnectionPatch = ConnectionInput.partial().strict();

/**
 * Where a connection's credential lives. `passphrase`: wrapped by the key the app lock's passphrase
 * opens. `memory` means it is forgotten when the app quits: always so without a secure keychain (Linux
 * `basic_text`) and no lock, where nothing secret is ever written to disk.
 */
export const CredentialStorage = z.enum(['keychain', 'passphrase', 'memory', 'missing']);

/** What the renderer sees of a connection: never the credential itself. */
export const ConnectionView = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  domain: z.string(),
  credential: CredentialStorage,
  createdAt: IsoDateTime,
  lastSyncedAt: IsoDateTime.nullable(),
  /**
   * The id of the token this connection uses (never its secret), so the app marks it "Used by this app"
   * wherever tokens are listed and asks before suspending or deleting it. Null until the server has said.
   */
  tokenId: z.string().nullable(),
  /** The private certificate authority trusted for this connection (PEM, not secret), or null. */
  caCertificate: z.string().nullable(),
  /** The server public key pinned to this connection (`sha256//…`), or null. */
  pinnedKey: z.string().nullable(),
});
export type ConnectionView = z.infer<typeof ConnectionView>;

export const ConnectionTestResult = z.object({ serverVersion: z.string(), me: Me });
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

export const KeyringInfo = z.object({
  backend: z.string(),
  /** False for Linux `basic_text` (a hard-coded password) or when no keychain is available. */
  secure: z.boolean(),
  available: z.boolean(),
});
export type KeyringInfo = z.infer<typeof KeyringInfo>;

export const AppInfo = z.object({ version: z.string(), platform: z.string(), keyring: KeyringInfo });
export type AppInfo = z.infer<typeof AppInfo>;

/** What a sync is doing. Whether the server can be reached at all is the connection's `link`. */
export const SyncPhase = z.enum(['idle', 'syncing', 'error']);

/**
 * Whether the connection's server answers, as main last saw it (a background check, a sync or any
 * user action): `online`; `offline`, no answer came back (or a proxy said the server is down); or
 * `auth_failed`, the server rejected the token (or the app no longer has it). Only `online` allows
 * changes: the app is read-only otherwise.
 */
export const LinkState = z.enum(['online', 'offline', 'auth_failed']);
export type LinkState = z.infer<typeof LinkState>;

export const ConnectionLink = z.object({
  state: LinkState,
  /** When the connection went offline or had its token refused; null while online. */
  since: IsoDateTime.nullable(),
  /** Why, in plain words (null when online). */
  reason: z.string().nullable(),
  /** The error code behind `reason` (null when online). */
  code: z.string().nullable(),
  /** When main checks the server again by itself (null when it will not, e.g. no connection shown). */
  nextCheckAt: IsoDateTime.nullable(),
});
export type ConnectionLink = z.infer<typeof ConnectionLink>;

/**
 * The one state of a connection, owned by main and pushed on every change (`sync:status`): whether
 * its server answers (`link`) and what its sync is doing.
 */
export const SyncStatus = z.object({
  connectionId: z.string(),
  phase: SyncPhase,
  /** When the cached snapshot was last refreshed from the server. */
  lastSyncedAt: IsoDateTime.nullable(),
  progress: z.object({ done: z.number(), total: z.number().nullable() }).nullable(),
  /** Why the last sync failed (phase `error`); a failure of the link itself is in `link`. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Set when the cache file could not be read and was moved aside. */
  cacheRecovered: z.string().nullable(),
  link: ConnectionLink,
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/**
 * Main's cached snapshot of a connection changed: after a sync, after an edit the server confirmed, after a
 * cut-down to new rights, or when the cache was set aside or dropped. Ids only, never data: the renderer
 * patches what it already holds or reads back the little it needs.
 */
export const SnapshotChanged = z.object({
  connectionId: z.string(),
  /** Counts this connection's changes since main started, one per event: a gap means one was missed. */
  version: z.number().int().positive(),
  /** The service accounts added, changed or removed; null when the whole snapshot may differ. */
  changedIds: z.array(z.string()).nullable(),
  /** The domain's members or groups changed (also when changedIds is null). */
  directoryChanged: z.boolean(),
});
export type SnapshotChanged = z.infer<typeof SnapshotChanged>;

/** A service account as the list shows it: the account plus nothing the list does not need. */
export const AccountRow = ServiceAccount;
export type AccountRow = z.infer<typeof AccountRow>;

export const Snapshot = z.object({
  connectionId: z.string(),
  asOf: IsoDateTime,
  me: Me,
  roles: z.array(Role),
  /** The domain's groups, for the group picker (empty when the caller may not read members). */
  groups: z.array(Group),
  /** The domain's people (empty when the caller may not read members). */
  members: z.array(Member),
  /** The domain's bundles, so they can be browsed offline (empty when the caller may not read members). */
  bundles: z.array(Bundle),
  /** The domain's token policy, so token dialogs follow it offline too (null when the caller may not read it). */
  tokenPolicy: TokenPolicy.nullable(),
  accounts: z.array(AccountRow),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const AccountDetail = ServiceAccountWithTokens;
export type AccountDetail = z.infer<typeof AccountDetail>;

/** App settings kept by main. */
export const CLIPBOARD_CLEAR_DEFAULT_SECONDS = 30;
export const SYNC_EVERY_DEFAULT_MINUTES = 5;
/** Minutes between background syncs of the connection shown, or `off`. */
const SyncEveryMinutes = z.union([
  z.literal('off'),
  z
    .number()
    .int('Use whole minutes.')
    .min(1, 'Sync every minute at the most often.')
    .max(1440, 'Sync at least once a day (1440 minutes), or turn it off.'),
]);
/** How the app looks: as the operating system is set (light or dark), or always one of the two. */
export const THEMES = ['system', 'light', 'dark'] as const;
export const Theme = z.enum(THEMES, 'Choose System, Light or Dark.');
export type Theme = z.infer<typeof Theme>;
export const ATTENTION_UNUSED_DEFAULT_DAYS = 90;
/** "HH:MM", 24-hour local time. */
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time such as 22:00.');
/** The days before expiry a token may be notified at: the choices Settings offers. */
export const NOTICE_THRESHOLD_CHOICES = [30, 14, 7, 3, 1] as const;
/**
 * OS notifications for tokens entering an expiry window (each threshold, once per token) or revoked as
 * leaked; between `quietHours.from` and `to` (local time) they wait for the end.
 */
export const NotificationSettings = z
  .object({
    enabled: z.boolean(),
    thresholdsDays: z
      .array(z.number().int('Use whole days.').min(1, 'Use at least 1 day.').max(90, 'Use at most 90 days.'))
      .max(NOTICE_THRESHOLD_CHOICES.length)
      .refine((days) => new Set(days).size === days.length, 'List each threshold once.'),
    quietHours: z
      .object({ from: ClockTime, to: ClockTime })
      .strict()
      .refine((span) => span.from !== span.to, 'Quiet hours need different start and end times.')
      .nullable(),
  })
  .strict();
export type NotificationSettings = z.infer<typeof NotificationSettings>;
const AttentionUnusedDays = z
  .number()
  .int('Use whole days.')
  .min(7, 'Use at least 7 days.')
  .max(3650, 'Use at most 3650 days (ten years).');
export const Settings = z.object({
  /** Seconds after a copy before the app clears the clipboard, if it still holds what was copied. */
  clipboardClearSeconds: z.number().int().min(5).max(600),
  syncEveryMinutes: SyncEveryMinutes,
  theme: Theme,
  /** The KeePass database and group Save to… used last (set by saving there, not by settings:update). */
  keepass: KeepassPlace.nullable(),
  /** Days without use after which the Attention view lists a token as unused. */
  attentionUnusedDays: AttentionUnusedDays,
  notifications: NotificationSettings,
});
export type Settings = z.infer<typeof Settings>;
export const SettingsPatch = z
  .object({
    clipboardClearSeconds: z
      .number()
      .int('Use whole seconds.')
      .min(5, 'Clear the clipboard after 5 seconds at the soonest.')
      .max(600, 'Clear the clipboard within 10 minutes (600 seconds).'),
    syncEveryMinutes: SyncEveryMinutes,
    theme: Theme,
    attentionUnusedDays: AttentionUnusedDays,
    notifications: NotificationSettings,
  })
  .partial()
  .strict();

export const ClipboardCopyResult = z.object({
  /** When the app will clear the clipboard (if it still holds this text). */
  clearsAt: IsoDateTime,
});
export type ClipboardCopyResult = z.infer<typeof ClipboardCopyResult>;

/** A page read from the server, or — offline — the copy cached when it was last read. */
export function CachedPage<T extends z.ZodType>(item: T) {
  return CursorPage(item).extend({
    /** When these items were read from the server. */
    asOf: IsoDateTime,
    fromCache: z.boolean(),
  });
}

/** A list kept whole for offline use (personal tokens): from the server, or the cached copy offline. */
export function CachedList<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    /** When these items were read from the server. */
    asOf: IsoDateTime,
    fromCache: z.boolean(),
  });
}

/**
 * A token's rotation as main answers it (a personal token's, or a service account's). Another token:
 * the new secret, once, for the reveal dialog. The connection's own token: no secret at all; main stored
 * it as the connection's credential (through the keychain, as an entered token) and the app carries on
 * with it.
 */
const OwnRotation = RotatedToken.omit({ secret: true })
  .extend({ storedForConnection: z.literal(true) })
  .strict();
export const TokenRotation = z.discriminatedUnion('storedForConnection', [
  RotatedToken.extend({ storedForConnection: z.literal(false), ...RevealFields.shape }),
  OwnRotation,
]);
export type TokenRotation = z.infer<typeof TokenRotation>;
/** A rotation as the services answer it, before the core adds the reveal's fields. */
export type ServiceRotation = (RotatedToken & { storedForConnection: false }) | z.infer<typeof OwnRotation>;

/** A new token as main answers it: the secret once, with the id of its reveal for Save to… (reveals.ts). */
export const RevealedToken = CreatedToken.extend(RevealFields.shape);
export type RevealedToken = z.infer<typeof RevealedToken>;

/** A new member and their first personal token's secret, with its reveal's id. */
export const RevealedMember = CreatedMember.extend(RevealFields.shape);
export type RevealedMember = z.infer<typeof RevealedMember>;
