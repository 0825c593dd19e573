import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordChange } from '../audit/record-change.js';
import { z } from 'zod';
import { TokenMeta } from '../../src-shared/api/models.js';
import { API_PREFIX, apiPaths } from '../../src-shared/api/paths.js';
import {
  CreatedToken,
  CreateTokenBody,
  DeprecatedCreateTokenBody,
  PatchTokenBody,
  RotatedToken,
  RotateTokenBody,
} from '../../src-shared/api/tokens.js';
import { canGrantRoles, liftsToken, raisesMaxRps } from '../../src-shared/authz.js';
import { actorOf, enforce, requireRole, type Caller } from '../auth/caller.js';
import { HttpError } from '../http/errors.js';
import { defineRoute, NoContent, type AnyRouteSpec, type HeaderDoc } from '../http/route.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import { tokenMetaOf, type TokenRow } from '../store/tokens.js';
import {
  checkedExpiry,
  checkedRoles,
  keyedRequest,
  namedToken,
  refuseReplay,
  rememberKey,
  requireFreeTokenName,
  tokenAuditFields,
  tokenScope,
  type Level,
  type TokenScope,
} from './token-rules.js';
import { requireWithinOwnLimits } from './own-limits.js';
import { AccountId } from './scope.js';
import { DomainName } from '../../src-shared/validation.js';

/** When the old create endpoint was deprecated (RFC 9745 `Deprecation: @<epoch seconds>`): 2026-01-01. */
export const DEPRECATED_SINCE = Date.parse('2026-01-01T00:00:00Z') / 1000;

const TokenPathName = z.string().min(1).max(200);
const LEVELS = {
  domain: {
    base: `${API_PREFIX}/domains/{domain}/auth/service-accounts/{id}/tokens`,
    params: z.object({ domain: DomainName, id: AccountId }).strict(),
    named: z.object({ domain: DomainName, id: AccountId, name: TokenPathName }).strict(),
    op: '',
    who: 'domain level: access_token.manage',
  },
  admin: {
    base: `${API_PREFIX}/auth/service-accounts/{id}/tokens`,
    params: z.object({ id: AccountId }).strict(),
    named: z.object({ id: AccountId, name: TokenPathName }).strict(),
    op: 'admin',
    who: 'admin level: the Admin role',
  },
} as const;

const IDEMPOTENCY_DOC: HeaderDoc = {
  name: 'Idempotency-Key',
  description:
    'Makes a retry safe: a repeat with the same key (within 24 hours) makes no second token and answers 409 ' +
    'idempotent_replay with the token’s metadata, never the secret; the same key with a different request is 422.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};
const LOCATION_DOC: HeaderDoc = { name: 'Location', description: 'The new token’s path.' };

type ScopeParams = { domain?: string; id: string };

/**
 * Create, change, delete and rotate service-account tokens, at the domain and the admin level (seed
 * 002), plus the deprecated create with the account id in the body. Each write runs in one IMMEDIATE
 * transaction with its audit row, its Idempotency-Key record and the account's sequence bump.
 */
export function tokenWriteRoutes(store: Store): AnyRouteSpec[] {
  const metaOf = (row: TokenRow) => tokenMetaOf(row, isoOf(store.now()));
  const tokenLocation = (scope: TokenScope, level: Level, name: string) =>
    level === 'domain'
      ? apiPaths.domainToken(scope.domain.name, scope.view.account.id, name)
      : apiPaths.adminToken(scope.view.account.id, name);
  const audit = (
    caller: Caller,
    request: FastifyRequest,
    scope: TokenScope,
    action: 'create' | 'update' | 'delete' | 'rotate',
    before: TokenMeta | null,
    after: TokenMeta | null,
  ): void => {
    const subject = (after ?? before)!;
    recordChange(store, caller, request, {
      resourceType: 'token',
      verb: action,
      domainId: scope.domain.id,
      resourceId: subject.id,
      resourceName: `${scope.view.account.name}/${subject.name}`,
      subjectId: scope.view.account.id,
      before: before && tokenAuditFields(before, scope.view.account),
      after: after && tokenAuditFields(after, scope.view.account),
    });
  };

  const create = (
    ctx: { caller: Caller; request: FastifyRequest; reply: FastifyReply },
    level: Level,
    params: ScopeParams,
    body: z.output<typeof CreateTokenBody>,
    hashed: unknown,
  ): CreatedToken =>
    store.transaction(() => {
      const { caller, request, reply } = ctx;
      const scope = tokenScope(store, caller, level, params);
      const keyed = keyedRequest(request, hashed);
      refuseReplay(store, caller, keyed, 'created');
      const expiresAt = checkedExpiry(body.expiresAt, store.now());
      const roles = checkedRoles(body.roles, scope.view.account);
      // A new secret is new power: no one may mint one with rights beyond their own.
      enforce(canGrantRoles(actorOf(caller), roles));
      requireWithinOwnLimits(caller, { expiresAt, maxRps: body.maxRps }, 'create');
      requireFreeTokenName(store, scope, body.name);
      const { row, secret } = store.tokens.create({
        memberId: scope.view.account.id,
        kind: 'sa',
        name: body.name,
        roles,
        expiresAt,
        maxRps: body.maxRps,
        by: caller.memberName,
      });
      const token = metaOf(row);
      audit(caller, request, scope, 'create', null, token);
      rememberKey(store, caller, keyed, 201, token);
      void reply.header('location', tokenLocation(scope, level, row.name));
      return { token, secret };
    });

  const routes: AnyRouteSpec[] = [];
  for (const level of ['domain', 'admin'] as const) {
    const spec = LEVELS[level];
    const scopeOf = (caller: Caller, params: ScopeParams) => tokenScope(store, caller, level, params);
    routes.push(
      defineRoute({
        method: 'POST',
        path: spec.base,
        operationId: `${spec.op}${spec.op ? 'C' : 'c'}reateServiceAccountToken`,
        summary: `Create a service-account token (${spec.who} and a shared group)`,
        description:
          'The answer carries the secret, once; the server keeps only its SHA-256 digest. `expiresAt` null is ' +
          'unlimited, a date must be in the future (400). `roles` must be some of the account’s (422 names the ' +
          'others); left out, the token gets all of them. A name taken by a live token of the account is 409 name_taken. ' +
          'With a service-account token, the new token cannot outlive the caller’s own or have a higher (or no) ' +
          'max RPS (403 beyond_own_limits).',
        auth: true,
        params: spec.params,
        body: CreateTokenBody,
        headers: [IDEMPOTENCY_DOC],
        response: {
          status: 201,
          name: 'CreatedToken',
          schema: CreatedToken,
          description: 'The token and its secret, shown this once.',
        },
        responseHeaders: [LOCATION_DOC],
        errors: [403, 404, 409, 422],
        authorize: ({ caller, params }) => void scopeOf(caller, params),
        handler: ({ params, body, caller, request, reply }) =>
          create({ caller, request, reply }, level, params, body, body),
      }),
      defineRoute({
        method: 'PATCH',
        path: `${spec.base}/{name}`,
        operationId: `${spec.op}${spec.op ? 'U' : 'u'}pdateServiceAccountToken`,
        summary: `Suspend or activate a token and/or change its max RPS (${spec.who} and a shared group)`,
        description:
          'A suspended token answers 401 token_suspended until it is activated again. maxRps null removes the cap. ' +
          'Activating a suspended token, raising or removing its cap need the rights to create it (403 otherwise); ' +
          'suspending and lowering the cap do not.',
        auth: true,
        params: spec.named,
        body: PatchTokenBody,
        response: { status: 200, name: 'TokenMeta', schema: TokenMeta, description: 'The changed token.' },
        errors: [403, 404],
        authorize: ({ caller, params }) => void scopeOf(caller, params),
        handler: ({ params, body, caller, request }) =>
          store.transaction(() => {
            const scope = scopeOf(caller, params);
            const before = namedToken(store, scope, params.name);
            // Reactivating, raising or removing the cap hands the token's roles out again: the ceiling of a
            // create. Suspending or lowering the cap only takes rights away.
            if (liftsToken({ status: before.status, maxRps: before.max_rps }, body)) {
              enforce(canGrantRoles(actorOf(caller), metaOf(before).roles));
              const maxRps = body.maxRps === undefined ? before.max_rps : body.maxRps;
              if (body.status === 'ACTIVE' && before.status === 'SUSPENDED') {
                requireWithinOwnLimits(caller, { expiresAt: before.expires_at, maxRps }, 'reactivate');
              } else if (raisesMaxRps(before.max_rps, maxRps)) {
                requireWithinOwnLimits(caller, { expiresAt: null, maxRps }, 'change', { expiry: false, rate: true });
              }
            }
            const changed = store.tokens.update(before.id, {
              ...(body.status === undefined ? {} : { status: body.status }),
              ...(body.maxRps === undefined ? {} : { maxRps: body.maxRps }),
            });
            if (!changed) throw new Error(`token ${before.id} vanished inside its own transaction`);
            const after = metaOf(changed);
            audit(caller, request, scope, 'update', metaOf(before), after);
            return after;
          }),
      }),
      defineRoute({
        method: 'DELETE',
        path: `${spec.base}/{name}`,
        operationId: `${spec.op}${spec.op ? 'D' : 'd'}eleteServiceAccountToken`,
        summary: `Delete a token (${spec.who} and a shared group)`,
        description: 'The token stops working at once; a later use answers 401 token_deleted.',
        auth: true,
        params: spec.named,
        response: { status: 204, name: 'NoContent', schema: NoContent, description: 'Deleted.' },
        errors: [403, 404],
        authorize: ({ caller, params }) => void scopeOf(caller, params),
        handler: ({ params, caller, request }) => {
          store.transaction(() => {
            const scope = scopeOf(caller, params);
            const row = namedToken(store, scope, params.name);
            store.tokens.softDelete(row.id);
            audit(caller, request, scope, 'delete', metaOf(row), null);
          });
        },
      }),
      defineRoute({
        method: 'POST',
        path: `${spec.base}/{name}/rotate`,
        operationId: `${spec.op}${spec.op ? 'R' : 'r'}otateServiceAccountToken`,
        summary: `Rotate a token: a new secret with the same settings (${spec.who} and a shared group)`,
        description:
          'The new token takes the name, roles, expiry, max RPS and status; the old one is renamed ' +
          '`<name>.rotated-<YYYYMMDDHHmmss>` and keeps working for `graceSeconds` (0 = stops at once, at most 30 ' +
          'days, never past its own expiry), then answers 401 token_rotated. A token that was already rotated ' +
          'out, or has expired, cannot be rotated (409 conflict). With a service-account token, a token that outlives the ' +
          'caller’s own or has a higher (or no) max RPS cannot be rotated (403 beyond_own_limits).',
        auth: true,
        params: spec.named,
        body: RotateTokenBody,
        headers: [IDEMPOTENCY_DOC],
        response: {
          status: 201,
          name: 'RotatedToken',
          schema: RotatedToken,
          description: 'The new token with its secret, shown this once, and the old one as it is now.',
        },
        responseHeaders: [LOCATION_DOC],
        errors: [403, 404, 409, 422],
        authorize: ({ caller, params }) => void scopeOf(caller, params),
        handler: ({ params, body, caller, request, reply }) =>
          store.transaction((): RotatedToken => {
            const scope = scopeOf(caller, params);
            const keyed = keyedRequest(request, body);
            refuseReplay(store, caller, keyed, 'rotated');
            const old = namedToken(store, scope, params.name);
            requireRotatable(old, isoOf(store.now()));
            enforce(canGrantRoles(actorOf(caller), metaOf(old).roles));
            // The new token takes the old one's expiry and cap, so those must be within the caller's own.
            requireWithinOwnLimits(caller, { expiresAt: old.expires_at, maxRps: old.max_rps }, 'rotate');
            const rotated = store.tokens.rotate(old.id, { graceMs: body.graceSeconds * 1000, by: caller.memberName });
            if (!rotated) throw new Error(`token ${old.id} vanished inside its own transaction`);
            const token = metaOf(rotated.row);
            const previous = metaOf(rotated.previous);
            audit(caller, request, scope, 'rotate', metaOf(old), token);
            rememberKey(store, caller, keyed, 201, token);
            void reply.header('location', tokenLocation(scope, level, token.name));
            return { token, secret: rotated.secret, previous };
          }),
      }),
    );
  }

  routes.push(
    defineRoute({
      method: 'POST',
      path: apiPaths.deprecatedTokens(),
      operationId: 'deprecatedCreateServiceAccountToken',
      summary:
        'Create a service-account token, account id in the body (deprecated: use POST …/service-accounts/{id}/tokens)',
      description:
        'Admin-level rules (the Admin role and a shared group). Answers carry `Deprecation` (RFC 9745) and a ' +
        '`Link` to the successor path.',
      deprecated: true,
      fixedHeaders: { deprecation: `@${DEPRECATED_SINCE}` },
      auth: true,
      body: DeprecatedCreateTokenBody,
      headers: [IDEMPOTENCY_DOC],
      response: {
        status: 201,
        name: 'CreatedToken',
        schema: CreatedToken,
        description: 'The token and its secret, shown this once.',
      },
      responseHeaders: [
        LOCATION_DOC,
        { name: 'Deprecation', description: 'When this endpoint was deprecated, as `@<epoch seconds>` (RFC 9745).' },
        {
          name: 'Link',
          description: 'The successor: `<…/auth/service-accounts/{id}/tokens>; rel="successor-version"`.',
        },
      ],
      errors: [403, 404, 409, 422],
      authorize: ({ caller }) => requireRole(caller, 'Admin'),
      handler: ({ body, caller, request, reply }) => {
        void reply.header('link', `<${apiPaths.adminTokens(body.serviceAccountId)}>; rel="successor-version"`);
        const { serviceAccountId, ...rest } = body;
        return create({ caller, request, reply }, 'admin', { id: serviceAccountId }, rest, body);
      },
    }),
  );
  return routes;
}

/** Only a current token that still works can be rotated; the rotated-out one is rotated no further. */
function requireRotatable(row: TokenRow, now: string): void {
  if (row.replaced_by !== null) {
    throw new HttpError(
      409,
      'conflict',
      `Token "${row.name}" was already rotated out. Rotate the token that replaced it.`,
    );
  }
  if (row.expires_at !== null && row.expires_at <= now) {
    throw new HttpError(
      409,
      'conflict',
      `Token "${row.name}" has expired, so a rotation would give an expired token. Create a new one.`,
    );
  }
}
