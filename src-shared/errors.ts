import { z } from 'zod';

/**
 * Every error code either side can report. Server codes travel in the REST error body; client codes
 * are produced by the app (network, cache, keychain) and travel in IPC result envelopes.
 */
export const SERVER_ERROR_CODES = [
  'validation_failed',
  'invalid_json',
  'unknown_fields',
  'payload_too_large',
  'unsupported_media_type',
  /** The request's header section is over the server's limit (16 KB). */
  'headers_too_large',
  /** More than one Authorization header: which one counts would depend on who reads it. */
  'duplicate_authorization',
  /** The request did not arrive in full within the server's time limit. */
  'request_timeout',
  'token_missing',
  'token_malformed',
  'token_checksum_invalid',
  'token_unknown',
  'token_expired',
  'token_suspended',
  'token_deleted',
  'token_rotated',
  /** The token was reported as leaked and revoked for good (REVOKED_LEAKED); create a new one. */
  'token_leaked',
  'account_disabled',
  'owner_disabled',
  'forbidden',
  'not_same_group',
  /** Putting a service account into a group the caller is not in (needs member.manage). */
  'group_not_yours',
  /**
   * A service-account token asked for a token that outlives it or has a higher (or no) rate cap, or for a
   * change that would hand such a token (or a person, who makes their own) more rights.
   */
  'beyond_own_limits',
  'not_found',
  'name_taken',
  'name_immutable',
  'conflict',
  'idempotent_replay',
  /**
   * The domain's token policy refuses this token (422): `details` names the rule, the allowed value and
   * the token's (`{ rule, allowed, actual }`), and the message says it in words.
   */
  'policy_violation',
  'unprocessable',
  'rate_limited',
  'internal',
  /** The server is shutting down; another attempt shortly will reach it again or its replacement. */
  'unavailable',
  /** readyz: this instance cannot reach its database just now; a load balancer sends traffic elsewhere. */
  'not_ready',
] as const;

export const CLIENT_ERROR_CODES = [
  'invalid_request',
  'network_unreachable',
  'timeout',
  'bad_response',
  'offline',
  'cache_corrupt',
  'keyring_unavailable',
  'credential_missing',
  'insecure_url',
  'unknown_connection',
  'forbidden_sender',
  /** The server made the token but its answer was lost: the secret can never be shown. */
  'secret_lost',
  /** A connection moved to another server address: its saved token is not sent there; enter it again. */
  'token_required',
  /** The system clipboard cannot be reached (no display, no clipboard tool, or it did not answer). */
  'clipboard_unavailable',
  /**
   * The server's certificate is not signed by an authority this computer (or the connection) trusts:
   * no credential was sent. `details.certificate` is what the user may choose to trust (its pin).
   */
  'certificate_untrusted',
  /** The connection has a pinned key and the server presented another one: refused, never offered. */
  'certificate_changed',
  /** The certificate is for another name, expired, or otherwise unusable: refused, nothing sent. */
  'certificate_invalid',
  /** The app is locked: nothing but unlocking and the lock's status is answered until it is unlocked. */
  'locked',
  /** The passphrase (or Touch ID) did not prove it is the user. `details.retryAfterSeconds`: the wait. */
  'wrong_passphrase',
  /** Too many wrong passphrases just now: `details.retryAfterSeconds` says when to try again. */
  'try_later',
  /** lock.json cannot be read, so the data it protects cannot be opened. */
  'lock_damaged',
  /** An Admin-grade action (an Admin token, a new connection) needs the passphrase again first. */
  'step_up_required',
  /** The reveal dialog this secret belonged to has closed: main no longer has the secret. */
  'reveal_closed',
  /** The password manager is not installed or cannot be used here. */
  'password_manager_unavailable',
  /** The password manager is locked or signed out: unlock or sign in to it first. */
  'password_manager_locked',
  /** The KeePass database's master password (or the Bitwarden one) is not right. */
  'wrong_master_password',
  /** The password manager refused or failed; the message says what it said. */
  'password_manager_failed',
] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
export type ErrorCode = ServerErrorCode | ClientErrorCode;

/** The one error body shape of the REST API. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * The words of the same-group rule, the same everywhere: a member manages a service account's tokens only
 * when they share a group with it (docs/architecture.md, security model).
 */
export const SAME_GROUP_MESSAGE = 'You must be in the same group as this service account to view and manage tokens';

/** Result envelope for IPC: Electron keeps only the message of a thrown error. */
export type AppError = { code: ErrorCode; message: string; status?: number; details?: unknown };
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };
