import type { FastifyRequest } from 'fastify';
import { recordChange, type Audited } from '../audit/record-change.js';
import type { TokenMeta } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import type { RotatedToken } from '../../src-shared/api/tokens.js';
import type { Caller } from '../auth/caller.js';
import { notFound } from '../http/errors.js';
import type { HandlerModule } from '../http/route.js';
import { nameTaken } from '../http/validate.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import type { PolicyToken } from '../../src-shared/token-policy.js';
import { isoOrNull } from '../store/time.js';
import { becomesActive, requireWithinPolicy } from './policy-rules.js';
import {
  checkedExpiry,
  keyedRequest,
  refuseReplay,
  rememberKey,
  requireNotLeaked,
  requireRotatable,
} from './token-rules.js';
import { personalTokenAudit, personalTokenMeta, personalTokensOf } from './personal-token-rules.js';

/** The caller's own personal tokens. Only people have them; each acts with its owner's roles. */
export function personalTokenHandlers(store: Store) {
  const metaOf = async (caller: Caller, id: string): Promise<TokenMeta> => {
    const row = await store.tokens.get(id);
    const owner = await store.members.get(caller.memberId);
    if (!row || !owner) throw new Error('personal token vanished');
    return personalTokenMeta(row, isoOf(store.now()), owner, await store.members.rolesOf(owner.id));
  };
  const audit = async (
    caller: Caller,
    request: FastifyRequest,
    verb: 'create' | 'update' | 'delete' | 'rotate',
    before: TokenMeta | null,
    after: TokenMeta | null,
  ): Promise<void> => {
    const audited: Audited<TokenMeta> = {
      resourceType: 'personal_token',
      identify: (token) => ({
        resourceId: token.id,
        resourceName: `${caller.memberName}/${token.name}`,
        subjectId: caller.memberId,
      }),
      fields: (token) => personalTokenAudit(token, caller.memberName),
    };
    await recordChange(store, caller, request, { audited, verb, before, after });
  };
  /** A personal token acts with its owner's roles and permissions: the caller's, on these routes. */
  const policyToken = (caller: Caller, expiresAt: number | string | null): PolicyToken => ({
    kind: 'personal',
    expiresAt: typeof expiresAt === 'number' ? isoOf(expiresAt) : expiresAt,
    roles: caller.roles,
    permissions: caller.permissions,
  });
  const find = async (caller: Caller, name: string) => {
    const row = await store.tokens.liveByName(caller.memberId, name);
    if (!row || row.kind !== 'pt') throw notFound(`You have no personal token named "${name}".`);
    return row;
  };

  return {
    listPersonalTokens: {
      handler: async ({ caller }) => ({ items: await personalTokensOf(store, caller.memberId, isoOf(store.now())) }),
    },
    createPersonalToken: {
      handler: async ({ caller, body, request }) => {
        const expiresAt = checkedExpiry(body.expiresAt, store.now());
        return store.transaction(async () => {
          if (await store.tokens.liveByName(caller.memberId, body.name)) {
            const message = `You already have a personal token named "${body.name}". Choose another name.`;
            throw nameTaken(message);
          }
          await requireWithinPolicy(store, caller.domainId, policyToken(caller, expiresAt), {
            memberId: caller.memberId,
            exceptId: null,
          });
          const created = await store.tokens.create({
            memberId: caller.memberId,
            kind: 'pt',
            name: body.name,
            roles: [],
            expiresAt,
            by: caller.memberName,
          });
          const token = await metaOf(caller, created.row.id);
          await audit(caller, request, 'create', null, token);
          return { token, secret: created.secret };
        });
      },
    },
    updatePersonalToken: {
      handler: async ({ caller, params, body, request }) =>
        store.transaction(async () => {
          const row = await find(caller, params.name);
          requireNotLeaked(row);
          const before = await metaOf(caller, row.id);
          // Reactivating needs no ceiling check here, unlike a service-account token: the caller is the
          // token's owner and it acts with the owner's roles, so it never gives back more than they hold.
          // Service-account tokens, whose own limits also bound what they grant, cannot reach this route.
          // The domain's policy does apply, as to a service-account token.
          const now = store.now();
          const newExpiry = body.expiresAt === undefined ? undefined : checkedExpiry(body.expiresAt, now);
          const expiresAt = newExpiry === undefined ? row.expires_at : isoOrNull(newExpiry);
          const reactivates = body.status === 'ACTIVE' && row.status === 'SUSPENDED';
          if (reactivates || newExpiry !== undefined) {
            const after = { status: body.status ?? row.status, expiresAt };
            await requireWithinPolicy(
              store,
              caller.domainId,
              policyToken(caller, expiresAt),
              becomesActive(row, after, isoOf(now)) ? { memberId: caller.memberId, exceptId: row.id } : undefined,
            );
          }
          await store.tokens.update(row.id, {
            ...(body.status === undefined ? {} : { status: body.status }),
            ...(newExpiry === undefined ? {} : { expiresAt: newExpiry }),
          });
          const after = await metaOf(caller, row.id);
          await audit(caller, request, 'update', before, after);
          return after;
        }),
    },
    deletePersonalToken: {
      handler: async ({ caller, params, request }) => {
        await store.transaction(async () => {
          const row = await find(caller, params.name);
          const before = await metaOf(caller, row.id);
          await store.tokens.softDelete(row.id);
          await audit(caller, request, 'delete', before, null);
        });
      },
    },
    rotatePersonalToken: {
      // The same rotation as a service-account token's (store.tokens.rotate), with the same Idempotency-Key
      // rules. No ceiling checks: the token acts with its owner's roles, and the owner is the caller.
      handler: async ({ caller, params, body, request, reply }) =>
        store.transaction(async (): Promise<RotatedToken> => {
          const keyed = keyedRequest(request, body);
          await refuseReplay(store, caller, keyed, 'rotated');
          const old = await find(caller, params.name);
          requireRotatable(old, isoOf(store.now()));
          const before = await metaOf(caller, old.id);
          const newExpiry = body.expiresAt === undefined ? undefined : checkedExpiry(body.expiresAt, store.now());
          await requireWithinPolicy(
            store,
            caller.domainId,
            policyToken(caller, newExpiry === undefined ? old.expires_at : newExpiry),
          );
          const rotated = await store.tokens.rotate(old.id, {
            graceMs: body.graceSeconds * 1000,
            by: caller.memberName,
            ...(newExpiry === undefined ? {} : { expiresAt: newExpiry }),
          });
          if (!rotated) throw new Error(`token ${old.id} vanished inside its own transaction`);
          const token = await metaOf(caller, rotated.row.id);
          await audit(caller, request, 'rotate', before, token);
          await rememberKey(store, caller, keyed, 201, token);
          void reply.header('location', apiPath('updatePersonalToken', { name: token.name }));
          return { token, secret: rotated.secret, previous: await metaOf(caller, old.id) };
        }),
    },
  } satisfies HandlerModule;
}
