import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { TokenMeta } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import type {
  CreatedToken,
  CreateTokenBody,
  PatchTokenBody,
  RotatedToken,
  RotateTokenBody,
} from '../../src-shared/api/tokens.js';
import { canIssueToken, liftsToken, raisesMaxRps } from '../../src-shared/authz.js';
import { recordChange, type Audited } from '../audit/record-change.js';
import { actorOf, enforce, type Caller } from '../auth/caller.js';
import type { HandlerModule, RouteContext } from '../http/route.js';
import type { Store } from '../store/store.js';
import { isoOf, isoOrNull } from '../store/time.js';
import { tokenMetaOf, type TokenRow } from '../store/tokens.js';
import { requireWithinOwnLimits } from './own-limits.js';
import { becomesActive, requireWithinPolicy } from './policy-rules.js';
import {
  checkedExpiry,
  checkedRoles,
  keyedRequest,
  namedToken,
  refuseReplay,
  rememberKey,
  policyTokenOf,
  requireNotLeaked,
  requireRotatable,
  requireFreeTokenName,
  tokenAuditFields,
  tokenScope,
  type Level,
  type TokenScope,
} from './token-rules.js';

type ScopeParams = { domain?: string; id: string };
type NamedParams = ScopeParams & { name: string };
type CreateBody = z.output<typeof CreateTokenBody>;
type PatchBody = z.output<typeof PatchTokenBody>;
type RotateBody = z.output<typeof RotateTokenBody>;

/**
 * Create, change, delete and rotate service-account tokens, at the domain and the admin level, plus
 * the deprecated create with the account id in the body. Each write runs in one IMMEDIATE
 * transaction with its audit row, its Idempotency-Key record and the account's sequence bump.
 */
export function tokenWriteHandlers(store: Store) {
  const metaOf = (row: TokenRow) => tokenMetaOf(row, isoOf(store.now()));
  const tokenLocation = (scope: TokenScope, level: Level, name: string) =>
    level === 'domain'
      ? apiPath('updateServiceAccountToken', { domain: scope.domain.name, id: scope.view.account.id, name })
      : apiPath('adminUpdateServiceAccountToken', { id: scope.view.account.id, name });
  const audit = async (
    caller: Caller,
    request: FastifyRequest,
    scope: TokenScope,
    verb: 'create' | 'update' | 'delete' | 'rotate',
    before: TokenMeta | null,
    after: TokenMeta | null,
  ): Promise<void> => {
    const { account } = scope.view;
    const audited: Audited<TokenMeta> = {
      resourceType: 'token',
      domainId: scope.domain.id,
      identify: (token) => ({
        resourceId: token.id,
        resourceName: `${account.name}/${token.name}`,
        subjectId: account.id,
      }),
      fields: (token) => tokenAuditFields(token, account),
    };
    await recordChange(store, caller, request, { audited, verb, before, after });
  };

  const create = (
    ctx: { caller: Caller; request: FastifyRequest; reply: FastifyReply },
    level: Level,
    params: ScopeParams,
    body: CreateBody,
    hashed: unknown,
  ): Promise<CreatedToken> =>
    store.transaction(async () => {
      const { caller, request, reply } = ctx;
      const scope = await tokenScope(store, caller, level, params);
      const keyed = keyedRequest(request, hashed);
      await refuseReplay(store, caller, keyed, 'created');
      const expiresAt = checkedExpiry(body.expiresAt, store.now());
      const roles = checkedRoles(body.roles, scope.view.account);
      // A new secret is new power: no one may mint one with rights beyond their own (its roles and the
      // account's grants, which every token of the account holds).
      enforce(canIssueToken(actorOf(caller), roles, scope.view.account));
      requireWithinOwnLimits(caller, { expiresAt, maxRps: body.maxRps }, 'create');
      await requireWithinPolicy(store, scope.domain.id, policyTokenOf(scope, roles, expiresAt), {
        memberId: scope.view.account.id,
        exceptId: null,
      });
      await requireFreeTokenName(store, scope, body.name);
      const { row, secret } = await store.tokens.create({
        memberId: scope.view.account.id,
        kind: 'sa',
        name: body.name,
        roles,
        expiresAt,
        maxRps: body.maxRps,
        by: caller.memberName,
      });
      const token = metaOf(row);
      await audit(caller, request, scope, 'create', null, token);
      await rememberKey(store, caller, keyed, 201, token);
      void reply.header('location', tokenLocation(scope, level, row.name));
      return { token, secret };
    });

  /** The four writes at one level; the contract's access rule has checked the permission or role. */
  const writesAt = (level: Level) => {
    const scopeOf = (caller: Caller, params: ScopeParams) => tokenScope(store, caller, level, params);
    const authorize = async ({ caller, params }: { caller: Caller; params: ScopeParams }) => {
      await scopeOf(caller, params);
    };
    return {
      create: {
        authorize,
        handler: async ({ params, body, caller, request, reply }: RouteContext<ScopeParams, unknown, CreateBody>) =>
          create({ caller, request, reply }, level, params, body, body),
      },
      update: {
        authorize,
        handler: async ({ params, body, caller, request }: RouteContext<NamedParams, unknown, PatchBody>) =>
          store.transaction(async () => {
            const scope = await scopeOf(caller, params);
            const before = await namedToken(store, scope, params.name);
            requireNotLeaked(before);
            const now = store.now();
            const newExpiry = body.expiresAt === undefined ? undefined : checkedExpiry(body.expiresAt, now);
            const expiresAt = newExpiry === undefined ? before.expires_at : isoOrNull(newExpiry);
            const maxRps = body.maxRps === undefined ? before.max_rps : body.maxRps;
            const reactivates = body.status === 'ACTIVE' && before.status === 'SUSPENDED';
            // Reactivating, raising or removing the cap, or a longer life hands the token's roles out again:
            // the ceiling of a create. Suspending, lowering the cap or shortening its life only takes away.
            const lifts = liftsToken(
              { status: before.status, maxRps: before.max_rps, expiresAt: before.expires_at },
              { ...body, ...(newExpiry === undefined ? {} : { expiresAt }) },
            );
            if (lifts) enforce(canIssueToken(actorOf(caller), metaOf(before).roles, scope.view.account));
            if (reactivates) {
              requireWithinOwnLimits(caller, { expiresAt, maxRps }, 'reactivate');
            } else {
              if (newExpiry !== undefined) {
                requireWithinOwnLimits(caller, { expiresAt, maxRps: null }, 'change', { expiry: true, rate: false });
              }
              if (raisesMaxRps(before.max_rps, maxRps)) {
                requireWithinOwnLimits(caller, { expiresAt: null, maxRps }, 'change', { expiry: false, rate: true });
              }
            }
            // A token that comes back, or gets a new expiry, must be one the policy allows from now on; one
            // that becomes active again also counts against the account's cap.
            if (reactivates || newExpiry !== undefined) {
              const after = { status: body.status ?? before.status, expiresAt };
              await requireWithinPolicy(
                store,
                scope.domain.id,
                policyTokenOf(scope, metaOf(before).roles, expiresAt),
                becomesActive(before, after, isoOf(now))
                  ? { memberId: scope.view.account.id, exceptId: before.id }
                  : undefined,
              );
            }
            const changed = await store.tokens.update(before.id, {
              ...(body.status === undefined ? {} : { status: body.status }),
              ...(body.maxRps === undefined ? {} : { maxRps: body.maxRps }),
              ...(newExpiry === undefined ? {} : { expiresAt: newExpiry }),
            });
            if (!changed) throw new Error(`token ${before.id} vanished inside its own transaction`);
            const after = metaOf(changed);
            await audit(caller, request, scope, 'update', metaOf(before), after);
            return after;
          }),
      },
      remove: {
        authorize,
        handler: async ({ params, caller, request }: RouteContext<NamedParams, unknown, unknown>) => {
          await store.transaction(async () => {
            const scope = await scopeOf(caller, params);
            const row = await namedToken(store, scope, params.name);
            await store.tokens.softDelete(row.id);
            await audit(caller, request, scope, 'delete', metaOf(row), null);
          });
        },
      },
      rotate: {
        authorize,
        handler: async ({ params, body, caller, request, reply }: RouteContext<NamedParams, unknown, RotateBody>) =>
          store.transaction(async (): Promise<RotatedToken> => {
            const scope = await scopeOf(caller, params);
            const keyed = keyedRequest(request, body);
            await refuseReplay(store, caller, keyed, 'rotated');
            const old = await namedToken(store, scope, params.name);
            requireRotatable(old, isoOf(store.now()));
            enforce(canIssueToken(actorOf(caller), metaOf(old).roles, scope.view.account));
            // The new token takes the old one's expiry (or the one sent) and cap, so those must be within
            // the caller's own and the domain's policy.
            const newExpiry = body.expiresAt === undefined ? undefined : checkedExpiry(body.expiresAt, store.now());
            const expiresAt = newExpiry === undefined ? old.expires_at : newExpiry;
            requireWithinOwnLimits(caller, { expiresAt, maxRps: old.max_rps }, 'rotate');
            await requireWithinPolicy(store, scope.domain.id, policyTokenOf(scope, metaOf(old).roles, expiresAt));
            const rotated = await store.tokens.rotate(old.id, {
              graceMs: body.graceSeconds * 1000,
              by: caller.memberName,
              ...(newExpiry === undefined ? {} : { expiresAt: newExpiry }),
            });
            if (!rotated) throw new Error(`token ${old.id} vanished inside its own transaction`);
            const token = metaOf(rotated.row);
            const previous = metaOf(rotated.previous);
            await audit(caller, request, scope, 'rotate', metaOf(old), token);
            await rememberKey(store, caller, keyed, 201, token);
            void reply.header('location', tokenLocation(scope, level, token.name));
            return { token, secret: rotated.secret, previous };
          }),
      },
    };
  };
  const domain = writesAt('domain');
  const admin = writesAt('admin');

  return {
    createServiceAccountToken: domain.create,
    updateServiceAccountToken: domain.update,
    deleteServiceAccountToken: domain.remove,
    rotateServiceAccountToken: domain.rotate,
    adminCreateServiceAccountToken: admin.create,
    adminUpdateServiceAccountToken: admin.update,
    adminDeleteServiceAccountToken: admin.remove,
    adminRotateServiceAccountToken: admin.rotate,
    deprecatedCreateServiceAccountToken: {
      // Admin-level rules: the contract's access rule checked the role; the account's group is checked once
      // the body names the account.
      handler: async ({ body, caller, request, reply }) => {
        void reply.header(
          'link',
          `<${apiPath('adminCreateServiceAccountToken', { id: body.serviceAccountId })}>; rel="successor-version"`,
        );
        const { serviceAccountId, ...rest } = body;
        return await create({ caller, request, reply }, 'admin', { id: serviceAccountId }, rest, body);
      },
    },
  } satisfies HandlerModule;
}
