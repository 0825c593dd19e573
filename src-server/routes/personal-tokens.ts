import type { FastifyRequest } from 'fastify';
import { recordChange } from '../audit/record-change.js';
import { z } from 'zod';
import type { TokenMeta } from '../../src-shared/api/models.js';
import { API_PREFIX } from '../../src-shared/api/paths.js';
import {
  CreatePersonalTokenBody,
  PatchPersonalTokenBody,
  PersonalTokenList,
} from '../../src-shared/api/personal-tokens.js';
import { CreatedToken } from '../../src-shared/api/tokens.js';
import { TokenMeta as TokenMetaSchema } from '../../src-shared/api/models.js';
import type { Caller } from '../auth/caller.js';
import { HttpError, notFound } from '../http/errors.js';
import { defineRoute, NoContent, type AnyRouteSpec } from '../http/route.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import { checkedExpiry } from './token-rules.js';
import { personalTokenAudit, personalTokenMeta, personalTokensOf, requireHuman } from './personal-token-rules.js';

const BASE = `${API_PREFIX}/auth/personal-tokens`;
// Any existing name can be addressed (older tokens may predate the naming rule); unknown ones are 404.
const NameParams = z.object({ name: z.string().min(1).max(200) }).strict();

/** The caller's own personal tokens (seed 001). Only people have them; each acts with its owner's roles. */
export function personalTokenRoutes(store: Store): AnyRouteSpec[] {
  const metaOf = (caller: Caller, id: string): TokenMeta => {
    const row = store.tokens.get(id);
    const owner = store.members.get(caller.memberId);
    if (!row || !owner) throw new Error('personal token vanished');
    return personalTokenMeta(row, isoOf(store.now()), owner, store.members.rolesOf(owner.id));
  };
  const audit = (
    caller: Caller,
    request: FastifyRequest,
    action: 'create' | 'update' | 'delete',
    before: TokenMeta | null,
    after: TokenMeta | null,
  ): void => {
    const subject = (after ?? before)!;
    recordChange(store, caller, request, {
      resourceType: 'personal_token',
      verb: action,
      resourceId: subject.id,
      resourceName: `${caller.memberName}/${subject.name}`,
      subjectId: caller.memberId,
      before: before && personalTokenAudit(before, caller.memberName),
      after: after && personalTokenAudit(after, caller.memberName),
    });
  };
  const find = (caller: Caller, name: string) => {
    const row = store.tokens.liveByName(caller.memberId, name);
    if (!row || row.kind !== 'pt') throw notFound(`You have no personal token named "${name}".`);
    return row;
  };

  return [
    defineRoute({
      method: 'GET',
      path: BASE,
      operationId: 'listPersonalTokens',
      summary: 'The caller’s own personal tokens (people only)',
      auth: true,
      response: { status: 200, name: 'PersonalTokenList', schema: PersonalTokenList, description: 'Token metadata.' },
      errors: [403],
      authorize: ({ caller }) => requireHuman(caller),
      handler: ({ caller }) => ({ items: personalTokensOf(store, caller.memberId, isoOf(store.now())) }),
    }),
    defineRoute({
      method: 'POST',
      path: BASE,
      operationId: 'createPersonalToken',
      summary: 'Create a personal token for the caller; the secret is in this answer only',
      description:
        'The token acts with its owner’s roles, never more, and stops (401 owner_disabled) when the owner is ' +
        'disabled or deleted. Names are at least 3 characters and unique per owner (409 name_taken); ' +
        '`expiresAt` is null or in the future.',
      auth: true,
      body: CreatePersonalTokenBody,
      response: { status: 201, name: 'CreatedToken', schema: CreatedToken, description: 'The token and its secret.' },
      errors: [400, 403, 409],
      authorize: ({ caller }) => requireHuman(caller),
      handler: ({ caller, body, request }) => {
        const expiresAt = checkedExpiry(body.expiresAt, store.now());
        return store.transaction(() => {
          if (store.tokens.liveByName(caller.memberId, body.name)) {
            const message = `You already have a personal token named "${body.name}". Choose another name.`;
            throw new HttpError(409, 'name_taken', message, [
              { in: 'body', path: 'name', code: 'name_taken', message },
            ]);
          }
          const created = store.tokens.create({
            memberId: caller.memberId,
            kind: 'pt',
            name: body.name,
            roles: [],
            expiresAt,
            by: caller.memberName,
          });
          const token = metaOf(caller, created.row.id);
          audit(caller, request, 'create', null, token);
          return { token, secret: created.secret };
        });
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: `${BASE}/{name}`,
      operationId: 'updatePersonalToken',
      summary: 'Suspend or reactivate one of the caller’s personal tokens',
      auth: true,
      params: NameParams,
      body: PatchPersonalTokenBody,
      response: { status: 200, name: 'TokenMeta', schema: TokenMetaSchema, description: 'The token after the change.' },
      errors: [400, 403, 404],
      authorize: ({ caller }) => requireHuman(caller),
      handler: ({ caller, params, body, request }) =>
        store.transaction(() => {
          const row = find(caller, params.name);
          const before = metaOf(caller, row.id);
          // Reactivating needs no ceiling check here, unlike a service-account token: the caller is the
          // token's owner and it acts with the owner's roles, so it never gives back more than they hold.
          // Service-account tokens, whose own limits also bound what they grant, cannot reach this route.
          store.tokens.update(row.id, { status: body.status });
          const after = metaOf(caller, row.id);
          audit(caller, request, 'update', before, after);
          return after;
        }),
    }),
    defineRoute({
      method: 'DELETE',
      path: `${BASE}/{name}`,
      operationId: 'deletePersonalToken',
      summary: 'Delete one of the caller’s personal tokens; it stops working at once',
      auth: true,
      params: NameParams,
      response: { status: 204, name: 'NoContent', schema: NoContent, description: 'Deleted.' },
      errors: [403, 404],
      authorize: ({ caller }) => requireHuman(caller),
      handler: ({ caller, params, request }) => {
        store.transaction(() => {
          const row = find(caller, params.name);
          const before = metaOf(caller, row.id);
          store.tokens.softDelete(row.id);
          audit(caller, request, 'delete', before, null);
        });
      },
    }),
  ];
}
