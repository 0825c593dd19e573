import type { z } from 'zod';
import { ACCESS, type Access } from '../../authz.js';
import { TokenMeta } from '../models.js';
import { AccountParams, AccountTokenParams, DomainAccountParams, DomainAccountTokenParams } from '../params.js';
import { API_PREFIX, DELETED, type HeaderDoc, type RouteContract } from '../route-contract.js';
import { TokenListResponse } from '../service-accounts.js';
import {
  CreatedToken,
  CreateTokenBody,
  DEPRECATED_SINCE,
  DeprecatedCreateTokenBody,
  PatchTokenBody,
  RotatedToken,
  RotateTokenBody,
} from '../tokens.js';

/** The Idempotency-Key header of every route that makes a token (service-account and personal). */
export const IDEMPOTENCY_DOC = {
  name: 'Idempotency-Key',
  description:
    'Makes a retry safe: a repeat with the same key (within 24 hours) makes no second token and answers 409 ' +
    'idempotent_replay with the token’s metadata, never the secret; the same key with a different request is 422.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
} as const satisfies HeaderDoc;
export const LOCATION_DOC = { name: 'Location', description: 'The new token’s path.' } as const satisfies HeaderDoc;
const TOKEN_LIST = {
  status: 200,
  name: 'TokenListResponse',
  schema: TokenListResponse,
  description: 'Token metadata; secrets are never returned here.',
} as const;
const CREATED_TOKEN = {
  status: 201,
  name: 'CreatedToken',
  schema: CreatedToken,
  description: 'The token and its secret, shown this once.',
} as const;

/** One level of the token endpoints (domain or admin): where they live and who may use them. */
interface Level<P extends z.ZodType, N extends z.ZodType, A extends Access> {
  base: string;
  params: P;
  named: N;
  access: A;
  who: string;
}

const DOMAIN_LEVEL = {
  base: `${API_PREFIX}/domains/{domain}/auth/service-accounts/{id}/tokens`,
  params: DomainAccountParams,
  named: DomainAccountTokenParams,
  access: ACCESS.manageTokens,
  who: 'domain level: access_token.manage',
} as const;
const ADMIN_LEVEL = {
  base: `${API_PREFIX}/auth/service-accounts/{id}/tokens`,
  params: AccountParams,
  named: AccountTokenParams,
  access: ACCESS.manageTokensAsAdmin,
  who: 'admin level: the Admin role',
} as const;

const listAt = <P extends z.ZodType, N extends z.ZodType, A extends Access>(level: Level<P, N, A>, summary: string) =>
  ({
    method: 'GET',
    path: level.base,
    summary,
    access: level.access,
    params: level.params,
    response: TOKEN_LIST,
  }) as const;

const createAt = <P extends z.ZodType, N extends z.ZodType, A extends Access>(level: Level<P, N, A>) =>
  ({
    method: 'POST',
    path: level.base,
    summary: `Create a service-account token (${level.who} and a shared group)`,
    description:
      'The answer carries the secret, once; the server keeps only its SHA-256 digest. `expiresAt` null is ' +
      'unlimited, a date must be in the future (400). `roles` must be some of the account’s (422 names the ' +
      'others); left out, the token gets all of them. A name taken by a live token of the account is 409 name_taken. ' +
      'With a service-account token, the new token cannot outlive the caller’s own or have a higher (or no) ' +
      'max RPS (403 beyond_own_limits).',
    access: level.access,
    params: level.params,
    body: CreateTokenBody,
    headers: [IDEMPOTENCY_DOC],
    response: CREATED_TOKEN,
    responseHeaders: [LOCATION_DOC],
    errors: [409, 422],
  }) as const;

const updateAt = <P extends z.ZodType, N extends z.ZodType, A extends Access>(level: Level<P, N, A>) =>
  ({
    method: 'PATCH',
    path: `${level.base}/{name}`,
    summary: `Suspend or activate a token and/or change its max RPS (${level.who} and a shared group)`,
    description:
      'A suspended token answers 401 token_suspended until it is activated again. maxRps null removes the cap. ' +
      'Activating a suspended token, raising or removing its cap need the rights to create it (403 otherwise); ' +
      'suspending and lowering the cap do not.',
    access: level.access,
    params: level.named,
    body: PatchTokenBody,
    response: { status: 200, name: 'TokenMeta', schema: TokenMeta, description: 'The changed token.' },
  }) as const;

const deleteAt = <P extends z.ZodType, N extends z.ZodType, A extends Access>(level: Level<P, N, A>) =>
  ({
    method: 'DELETE',
    path: `${level.base}/{name}`,
    summary: `Delete a token (${level.who} and a shared group)`,
    description: 'The token stops working at once; a later use answers 401 token_deleted.',
    access: level.access,
    params: level.named,
    response: DELETED,
  }) as const;

const rotateAt = <P extends z.ZodType, N extends z.ZodType, A extends Access>(level: Level<P, N, A>) =>
  ({
    method: 'POST',
    path: `${level.base}/{name}/rotate`,
    summary: `Rotate a token: a new secret with the same settings (${level.who} and a shared group)`,
    description:
      'The new token takes the name, roles, expiry, max RPS and status; the old one is renamed ' +
      '`<name>.rotated-<YYYYMMDDHHmmss>` and keeps working for `graceSeconds` (0 = stops at once, at most 30 ' +
      'days, never past its own expiry), then answers 401 token_rotated. A token that was already rotated ' +
      'out, or has expired, cannot be rotated (409 conflict). With a service-account token, a token that outlives the ' +
      'caller’s own or has a higher (or no) max RPS cannot be rotated (403 beyond_own_limits).',
    access: level.access,
    params: level.named,
    body: RotateTokenBody,
    headers: [IDEMPOTENCY_DOC],
    response: {
      status: 201,
      name: 'RotatedToken',
      schema: RotatedToken,
      description: 'The new token with its secret, shown this once, and the old one as it is now.',
    },
    responseHeaders: [LOCATION_DOC],
    errors: [409, 422],
  }) as const;

/**
 * A service account's tokens at two levels: the domain level needs access_token.manage,
 * the admin level the Admin role, and both a group shared with the account. Plus the deprecated create
 * with the account id in the body.
 */
export const tokenRoutes = {
  listServiceAccountTokens: listAt(
    DOMAIN_LEVEL,
    'List a service account’s tokens (domain level: access_token.manage and a shared group)',
  ),
  adminListServiceAccountTokens: listAt(
    ADMIN_LEVEL,
    'List a service account’s tokens (admin level: Admin role and a shared group)',
  ),
  createServiceAccountToken: createAt(DOMAIN_LEVEL),
  updateServiceAccountToken: updateAt(DOMAIN_LEVEL),
  deleteServiceAccountToken: deleteAt(DOMAIN_LEVEL),
  rotateServiceAccountToken: rotateAt(DOMAIN_LEVEL),
  adminCreateServiceAccountToken: createAt(ADMIN_LEVEL),
  adminUpdateServiceAccountToken: updateAt(ADMIN_LEVEL),
  adminDeleteServiceAccountToken: deleteAt(ADMIN_LEVEL),
  adminRotateServiceAccountToken: rotateAt(ADMIN_LEVEL),
  deprecatedCreateServiceAccountToken: {
    method: 'POST',
    path: `${API_PREFIX}/auth/service-accounts/tokens`,
    summary:
      'Create a service-account token, account id in the body (deprecated: use POST …/service-accounts/{id}/tokens)',
    description:
      'Admin-level rules (the Admin role and a shared group). Answers carry `Deprecation` (RFC 9745) and a ' +
      '`Link` to the successor path.',
    deprecated: true,
    fixedHeaders: { deprecation: `@${DEPRECATED_SINCE}` },
    // The account is in the body, so the shared group is checked once it is read (as at the admin level).
    access: ACCESS.manageTokensAsAdmin,
    body: DeprecatedCreateTokenBody,
    headers: [IDEMPOTENCY_DOC],
    response: CREATED_TOKEN,
    responseHeaders: [
      LOCATION_DOC,
      { name: 'Deprecation', description: 'When this endpoint was deprecated, as `@<epoch seconds>` (RFC 9745).' },
      {
        name: 'Link',
        description: 'The successor: `<…/auth/service-accounts/{id}/tokens>; rel="successor-version"`.',
      },
    ],
    errors: [404, 409, 422],
  },
} as const satisfies Record<string, RouteContract>;
