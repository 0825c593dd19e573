/**
 * Helpers for the token lifecycle tests: requests to the token endpoints at either level, with an
 * optional Idempotency-Key, and a service-account token made through the API as a client would.
 */
import { expect } from 'vitest';
import type { TokenMeta } from '../src-shared/api/models.js';
import { apiPath } from '../src-shared/api/paths.js';
import type { CreatedToken, CreateTokenBody, RotatedToken } from '../src-shared/api/tokens.js';
import { ErrorBody } from '../src-shared/errors.js';
import type { RoleName } from '../src-shared/roles.js';
import type { MemberRow } from './store/members.js';
import { addServiceAccount, call, type Reply, type TestServer } from './test-support.js';

export type Level = 'domain' | 'admin';

export function tokensUrl(t: TestServer, level: Level, accountId: string): string {
  return (
    t.url +
    (level === 'domain'
      ? apiPath('listServiceAccountTokens', { domain: 'default', id: accountId })
      : apiPath('adminListServiceAccountTokens', { id: accountId }))
  );
}

export function tokenUrl(t: TestServer, level: Level, accountId: string, name: string): string {
  return (
    t.url +
    (level === 'domain'
      ? apiPath('updateServiceAccountToken', { domain: 'default', id: accountId, name })
      : apiPath('adminUpdateServiceAccountToken', { id: accountId, name }))
  );
}

export interface SendOptions {
  token?: string;
  idempotencyKey?: string;
}

/** A JSON request with the admin's token unless told otherwise. */
export function request<T = unknown>(
  t: TestServer,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  options: SendOptions = {},
): Promise<Reply<T>> {
  return call<T>(url, {
    method,
    token: options.token ?? t.adminToken,
    ...(options.idempotencyKey ? { headers: { 'idempotency-key': options.idempotencyKey } } : {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
  });
}

export async function createToken(
  t: TestServer,
  accountId: string,
  body: CreateTokenBody,
  options: SendOptions & { level?: Level } = {},
): Promise<CreatedToken> {
  const reply = await request<CreatedToken>(
    t,
    'POST',
    tokensUrl(t, options.level ?? 'domain', accountId),
    body,
    options,
  );
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

export async function rotateToken(
  t: TestServer,
  accountId: string,
  name: string,
  graceSeconds: number,
  options: SendOptions & { level?: Level } = {},
): Promise<RotatedToken> {
  const url = `${tokenUrl(t, options.level ?? 'domain', accountId, name)}/rotate`;
  const reply = await request<RotatedToken>(t, 'POST', url, { graceSeconds }, options);
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

export async function listTokens(t: TestServer, accountId: string): Promise<TokenMeta[]> {
  const reply = await request<{ items: TokenMeta[] }>(t, 'GET', tokensUrl(t, 'domain', accountId));
  expect(reply.status).toBe(200);
  return reply.body.items;
}

/** A service account in the admins group (so the bootstrap admin shares a group with it). */
export function sharedAccount(
  t: TestServer,
  name: string,
  options: { roles?: RoleName[]; basicAuthEnabled?: boolean } = {},
): Promise<MemberRow> {
  return addServiceAccount(t, {
    name,
    roles: options.roles ?? ['Viewer'],
    groupIds: [t.adminsGroupId],
    basicAuthEnabled: options.basicAuthEnabled ?? false,
  });
}

/** GET /me with the given Authorization header value. */
export function me(t: TestServer, authorization: string): Promise<Reply<ErrorBody>> {
  return call<ErrorBody>(t.url + apiPath('getMe'), { authorization });
}

export async function expectError(reply: Promise<Reply> | Reply, status: number, code: string): Promise<ErrorBody> {
  const settled = await reply;
  expect(settled.status, JSON.stringify(settled.body)).toBe(status);
  const body = ErrorBody.parse(settled.body);
  expect(body.error.code).toBe(code);
  return body;
}
