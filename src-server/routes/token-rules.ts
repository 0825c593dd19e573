import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { IDEMPOTENCY_HEADER } from '../../src-shared/api/tokens.js';
import type { TokenMeta } from '../../src-shared/api/models.js';
import { canManageTokens, leakedRefusal, rotateRefusal } from '../../src-shared/authz.js';
import { actorOf, enforce, type Caller } from '../auth/caller.js';
import { HttpError, notFound } from '../http/errors.js';
import { bodyIssue, nameTaken } from '../http/validate.js';
import type { DomainRow } from '../store/domains.js';
import type { AccountView } from '../store/service-accounts.js';
import type { Store } from '../store/store.js';
import type { TokenRow } from '../store/tokens.js';
import { accountNotFound, callerDomain } from './scope.js';
import { serviceAccountTokenPermissions, type PolicyToken } from '../../src-shared/token-policy.js';
import { isoOf } from '../store/time.js';

/**
 * The checks behind the token write endpoints: which account a request acts on at each level (domain
 * or admin), what a new token may be, and Idempotency-Key replays.
 */

export type Level = 'domain' | 'admin';

export interface TokenScope {
  domain: DomainRow;
  view: AccountView;
}

/**
 * The account a token request acts on: in the path's domain (domain level) or the caller's own (admin
 * level). The caller's permission or role was checked before (the contract's access rule); here the
 * shared group, refused with SAME_GROUP_MESSAGE (the shared rule the app checks ahead of time).
 */
export async function tokenScope(
  store: Store,
  caller: Caller,
  level: Level,
  params: { domain?: string | undefined; id: string },
): Promise<TokenScope> {
  const domain: DomainRow | undefined =
    level === 'domain'
      ? await callerDomain(store, caller, params.domain ?? '')
      : await store.domains.byId(caller.domainId);
  const view = domain && (await store.serviceAccounts.get(domain.id, params.id));
  if (!domain || !view) throw accountNotFound(params.id, domain?.name ?? caller.domainName);
  enforce(canManageTokens(actorOf(caller), view.account));
  return { domain, view };
}

/** A token of the account by name (rotated-out tokens answer to their new name). */
export async function namedToken(store: Store, scope: TokenScope, name: string): Promise<TokenRow> {
  const row = await store.tokens.liveByName(scope.view.account.id, name);
  if (!row) {
    throw notFound(`Service account "${scope.view.account.name}" has no token named "${name}".`);
  }
  return row;
}

/** `expiresAt`: null (unlimited) or strictly in the future. Returns milliseconds or null. */
export function checkedExpiry(expiresAt: string | null, now: number): number | null {
  if (expiresAt === null) return null;
  const at = Date.parse(expiresAt);
  if (at > now) return at;
  const message = 'expiresAt must be in the future, or null for a token that does not expire.';
  throw new HttpError(
    400,
    'validation_failed',
    `The request body is not valid. expiresAt: ${message}`,
    bodyIssue('expiresAt', 'too_small', message),
  );
}

/** A token's roles are some of its account's (all of them when left out). */
export function checkedRoles<R extends string>(
  requested: readonly R[] | undefined,
  account: { name: string; roles: readonly R[] },
): R[] {
  if (requested === undefined) return [...account.roles];
  const extra = requested.filter((role) => !account.roles.includes(role));
  if (extra.length === 0) return [...requested];
  const list = extra.map((r) => `"${r}"`).join(' and ');
  const message =
    `A token can only have roles its service account has; ${list} ${extra.length === 1 ? 'is not one' : 'are not'} of ` +
    `${account.name}'s roles (${account.roles.join(', ') || 'none'}).`;
  throw new HttpError(422, 'unprocessable', message, bodyIssue('roles', 'not_account_role', message));
}

export async function requireFreeTokenName(store: Store, scope: TokenScope, name: string): Promise<void> {
  if (!(await store.tokens.liveByName(scope.view.account.id, name))) return;
  const message = `Service account "${scope.view.account.name}" already has a token named "${name}". Token names are unique per account: choose another.`;
  throw nameTaken(message);
}

/** What the audit trail keeps of a token: never its secret or digest. */
export function tokenAuditFields(meta: TokenMeta, account: { id: string; name: string }): Record<string, unknown> {
  return {
    id: meta.id,
    name: meta.name,
    serviceAccountId: account.id,
    serviceAccount: account.name,
    status: meta.status,
    expiresAt: meta.expiresAt,
    roles: meta.roles,
    maxRps: meta.maxRps,
    hint: meta.hint,
    replacedBy: meta.replacedBy,
    ...(meta.leak ? { leak: meta.leak } : {}),
  };
}

/** What the token policy looks at in a service-account token with these roles and expiry (ms or ISO). */
export function policyTokenOf(
  scope: TokenScope,
  roles: readonly string[],
  expiresAt: number | string | null,
): PolicyToken {
  return {
    kind: 'serviceAccount',
    expiresAt: typeof expiresAt === 'number' ? isoOf(expiresAt) : expiresAt,
    roles,
    permissions: serviceAccountTokenPermissions(roles, scope.view.account),
  };
}

/** A token revoked as leaked is final: nothing but deleting it is allowed. */
export function requireNotLeaked(row: TokenRow): void {
  if (row.leaked_at === null) return;
  throw new HttpError(409, 'conflict', leakedRefusal(row.name));
}

/** Only a current token that still works can be rotated (the shared rule the app checks ahead of time). */
export function requireRotatable(row: TokenRow, now: string): void {
  const status = row.leaked_at === null ? row.status : 'REVOKED_LEAKED';
  const reason = rotateRefusal({ name: row.name, replacedBy: row.replaced_by, expiresAt: row.expires_at, status }, now);
  if (reason !== null) throw new HttpError(409, 'conflict', reason);
}

// ---- Idempotency-Key ----

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key, or undefined; a malformed one is a 400. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const value = request.headers[IDEMPOTENCY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && KEY_PATTERN.test(value)) return value;
  const message = 'Idempotency-Key must be 1–255 visible ASCII characters (a UUID is a good choice), sent once.';
  throw new HttpError(400, 'validation_failed', message, [
    { in: 'header', path: 'Idempotency-Key', code: 'invalid_string', message },
  ]);
}

/** JSON with object keys sorted, so the same body hashes the same whatever order its fields came in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestHashOf(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

export interface KeyedRequest {
  key: string;
  method: string;
  path: string;
  hash: string;
}

export function keyedRequest(request: FastifyRequest, body: unknown): KeyedRequest | undefined {
  const key = idempotencyKeyOf(request);
  if (key === undefined) return undefined;
  return { key, method: request.method, path: request.url.split('?', 1)[0] ?? '', hash: requestHashOf(body) };
}

/**
 * Refuses a request whose key was already used by this member within 24 hours: 409 idempotent_replay
 * with the token's metadata when it is the same request, 422 when the key came with another request.
 * Never a second token, never the secret. Call inside the write transaction.
 */
export async function refuseReplay(
  store: Store,
  caller: Caller,
  keyed: KeyedRequest | undefined,
  what: 'created' | 'rotated',
): Promise<void> {
  if (!keyed) return;
  const seen = await store.idempotency.find(caller.memberId, keyed.key);
  if (!seen) return;
  if (seen.method !== keyed.method || seen.path !== keyed.path || seen.requestHash !== keyed.hash) {
    throw new HttpError(
      422,
      'unprocessable',
      `This Idempotency-Key was already used with a different request (${seen.method} ${seen.path}). Use a new key for a new request.`,
      [{ in: 'header', path: 'Idempotency-Key', code: 'key_reused', message: 'This key belongs to another request.' }],
    );
  }
  const stored = JSON.parse(seen.response) as { token: TokenMeta };
  const message =
    what === 'created'
      ? `Token "${stored.token.name}" was already created by an earlier request with this Idempotency-Key. Its secret was shown once and cannot be shown again; if it was lost, rotate or delete the token.`
      : `This token was already rotated by an earlier request with this Idempotency-Key; "${stored.token.name}" is the new token. Its secret was shown once and cannot be shown again; if it was lost, rotate again.`;
  throw new HttpError(409, 'idempotent_replay', message, { token: stored.token });
}

/** Remembers what a keyed request made: metadata only, the secret never reaches the table. */
export async function rememberKey(
  store: Store,
  caller: Caller,
  keyed: KeyedRequest | undefined,
  status: number,
  token: TokenMeta,
): Promise<void> {
  if (!keyed) return;
  await store.idempotency.remember(caller.memberId, keyed.key, {
    method: keyed.method,
    path: keyed.path,
    requestHash: keyed.hash,
    status,
    response: JSON.stringify({ token }),
    resourceId: token.id,
  });
}
