import type { FastifyRequest } from 'fastify';
import { recordChange } from '../audit/record-change.js';
import { z } from 'zod';
import { CreatedMember, CreateMemberBody, Member, PatchMemberBody } from '../../src-shared/api/directory.js';
import { API_PREFIX } from '../../src-shared/api/paths.js';
import { canGrantRoles, personChangeReason, type PersonChange } from '../../src-shared/authz.js';
import { actorOf, enforce, requirePermission, type Caller } from '../auth/caller.js';
import { HttpError, notFound } from '../http/errors.js';
import { defineRoute, NoContent, type AnyRouteSpec } from '../http/route.js';
import type { DomainRow } from '../store/domains.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import { requireMayAddPerson, requireNoHandBackBeyondOwnLimits } from './own-limits.js';
import { personalTokenMeta } from './personal-token-rules.js';
import { callerDomain, DomainParams } from './scope.js';

const MemberParams = DomainParams.extend({ id: z.string().min(1).max(100) }).strict();
/** The first personal token of a new member lasts this long; they can make their own after. */
const INITIAL_TOKEN_MS = 90 * 24 * 60 * 60 * 1000;

function unprocessable(message: string, path: string): HttpError {
  return new HttpError(422, 'unprocessable', message, [{ in: 'body', path, code: 'unprocessable', message }]);
}

/** Group names to ids; an unknown name is the client's mistake, named in the answer. */
export function groupIdsOf(store: Store, domain: DomainRow, names: readonly string[]): string[] {
  const missing = names.filter((name) => !store.groups.byName(domain.id, name));
  if (missing.length > 0) {
    throw unprocessable(`There is no group named ${missing.map((n) => `"${n}"`).join(' or ')}.`, 'groups');
  }
  return names.map((name) => store.groups.byName(domain.id, name)!.id);
}

/** People of a domain (member.manage): create with a first personal token, change, delete. */
export function memberRoutes(store: Store): AnyRouteSpec[] {
  const audit = (
    caller: Caller,
    request: FastifyRequest,
    action: string,
    before: Member | null,
    after: Member | null,
  ) => {
    const subject = (after ?? before)!;
    recordChange(store, caller, request, {
      resourceType: 'member',
      verb: action,
      resourceId: subject.id,
      resourceName: subject.name,
      subjectId: subject.id,
      before: before && { ...before },
      after: after && { ...after },
    });
  };
  const target = (caller: Caller, params: { domain: string; id: string }) => {
    const domain = callerDomain(store, caller, params.domain);
    const row = store.people.human(domain.id, params.id);
    if (!row) throw notFound(`There is no member with id "${params.id}" in domain "${domain.name}".`);
    return { domain, row };
  };
  const manage = ({ caller }: { caller: Caller }) => requirePermission(caller, 'member.manage');
  /** Not yourself, and someone must still be able to manage members afterwards (the shared rule the app checks too). */
  const allowedChange = (caller: Caller, domain: DomainRow, change: PersonChange) => {
    const reason = personChangeReason(store.directory.humans(domain.id), change, caller.memberId);
    if (reason) throw new HttpError(422, 'unprocessable', reason);
  };

  return [
    defineRoute({
      method: 'POST',
      path: `${API_PREFIX}/domains/{domain}/members`,
      operationId: 'createMember',
      summary: 'Add a person, with a first personal token (90 days) whose secret is in this answer only',
      description:
        'A person can make their own personal tokens without expiry or cap, so a service-account token with an ' +
        'expiry or a max RPS cannot add one (403 beyond_own_limits).',
      auth: true,
      params: DomainParams,
      body: CreateMemberBody,
      response: { status: 201, name: 'CreatedMember', schema: CreatedMember, description: 'The member and token.' },
      errors: [400, 403, 404, 409, 422],
      authorize: manage,
      handler: ({ caller, params, body, request }) => {
        const domain = callerDomain(store, caller, params.domain);
        enforce(canGrantRoles(actorOf(caller), body.roles));
        requireMayAddPerson(caller);
        return store.transaction(() => {
          if (store.members.byName(domain.id, body.name)) {
            const message = `The name "${body.name}" is taken in this domain. Choose another.`;
            throw new HttpError(409, 'name_taken', message, [
              { in: 'body', path: 'name', code: 'name_taken', message },
            ]);
          }
          const row = store.members.create({
            domainId: domain.id,
            type: 'HUMAN',
            name: body.name,
            roles: body.roles,
            groupIds: groupIdsOf(store, domain, body.groups),
            by: caller.memberName,
          });
          const created = store.tokens.create({
            memberId: row.id,
            kind: 'pt',
            name: 'initial',
            roles: [],
            expiresAt: store.now() + INITIAL_TOKEN_MS,
            by: caller.memberName,
          });
          const member = store.people.view(row);
          audit(caller, request, 'create', null, member);
          const token = personalTokenMeta(created.row, isoOf(store.now()), row, member.roles);
          return { member, token, secret: created.secret };
        });
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: `${API_PREFIX}/domains/{domain}/members/{id}`,
      operationId: 'updateMember',
      summary: 'Change a person’s roles, groups or enabled state; disabling stops their personal tokens at once',
      description:
        'No one disables themselves, and the domain always keeps an enabled person holding member.manage: a ' +
        'change that would leave none (the last Admin dropping their own role, say) is 422. A service-account ' +
        'token with an expiry or a max RPS cannot enable a person, or give them a role or a group, while they ' +
        'hold a live active personal token (403 beyond_own_limits): they could make one with no limits.',
      auth: true,
      params: MemberParams,
      body: PatchMemberBody,
      response: { status: 200, name: 'Member', schema: Member, description: 'The member after the change.' },
      errors: [400, 403, 404, 422],
      authorize: manage,
      handler: ({ caller, params, body, request }) =>
        store.transaction(() => {
          const { domain, row } = target(caller, params);
          allowedChange(caller, domain, { id: row.id, roles: body.roles, enabled: body.enabled });
          const before = store.people.view(row);
          if (body.roles)
            enforce(
              canGrantRoles(
                actorOf(caller),
                body.roles.filter((r) => !before.roles.includes(r)),
              ),
            );
          // Their personal tokens act with their roles and groups while they are enabled.
          requireNoHandBackBeyondOwnLimits(caller, store.tokens.listLive(row.id), isoOf(store.now()), before, {
            enabled: body.enabled ?? before.enabled,
            roles: body.roles ?? before.roles,
            groups: body.groups ?? before.groups,
          });
          store.people.updateHuman(
            row.id,
            {
              ...(body.roles ? { roles: body.roles } : {}),
              ...(body.groups ? { groupIds: groupIdsOf(store, domain, body.groups) } : {}),
              ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
            },
            caller.memberName,
          );
          const after = store.people.view(store.members.get(row.id)!);
          audit(caller, request, 'update', before, after);
          return after;
        }),
    }),
    defineRoute({
      method: 'DELETE',
      path: `${API_PREFIX}/domains/{domain}/members/{id}`,
      operationId: 'deleteMember',
      summary: 'Delete a person; their personal tokens are deactivated in the same transaction',
      description: 'No one deletes themselves, nor the last enabled person holding member.manage (422 for either).',
      auth: true,
      params: MemberParams,
      response: { status: 204, name: 'NoContent', schema: NoContent, description: 'Deleted.' },
      errors: [403, 404, 422],
      authorize: manage,
      handler: ({ caller, params, request }) => {
        store.transaction(() => {
          const { domain, row } = target(caller, params);
          allowedChange(caller, domain, { id: row.id, deleted: true });
          const before = store.people.view(row);
          store.people.deleteHuman(row.id, caller.memberName);
          audit(caller, request, 'delete', before, null);
        });
      },
    }),
  ];
}
