import type { FastifyRequest } from 'fastify';
import { recordChange, type Audited } from '../audit/record-change.js';
import type { Member } from '../../src-shared/api/directory.js';
import { canGrantPermissions, personChangeReason, type PersonChange } from '../../src-shared/authz.js';
import { actorOf, enforce, type Caller } from '../auth/caller.js';
import { HttpError, notFound } from '../http/errors.js';
import type { HandlerModule } from '../http/route.js';
import { nameTaken } from '../http/validate.js';
import type { DomainRow } from '../store/domains.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import { bundlePermissionsIn, groupHandouts, ownBundleHandouts, peopleOf } from './managers.js';
import { requireMayAddPerson, requireNoHandBackBeyondOwnLimits } from './own-limits.js';
import { personalTokenMeta } from './personal-token-rules.js';
import { callerDomain } from './scope.js';

/** The first personal token of a new member lasts this long; they can make their own after. */
const INITIAL_TOKEN_MS = 90 * 24 * 60 * 60 * 1000;

function unprocessable(message: string, path: string): HttpError {
  return new HttpError(422, 'unprocessable', message, [{ in: 'body', path, code: 'unprocessable', message }]);
}

/** Group names to ids; an unknown name is the client's mistake, named in the answer. */
export async function groupIdsOf(store: Store, domain: DomainRow, names: readonly string[]): Promise<string[]> {
  const ids = await knownGroupIds(store, domain, names);
  if (ids.length < names.length) {
    const missing: string[] = [];
    for (const name of names) if (!(await store.groups.byName(domain.id, name))) missing.push(name);
    throw unprocessable(`There is no group named ${missing.map((n) => `"${n}"`).join(' or ')}.`, 'groups');
  }
  return ids;
}

/**
 * The ids of the groups named that exist, for the rules checked before a write (the ceiling, the last
 * manager); the write itself goes through groupIdsOf, which refuses an unknown name.
 */
async function knownGroupIds(store: Store, domain: DomainRow, names: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const group = await store.groups.byName(domain.id, name);
    if (group) ids.push(group.id);
  }
  return ids;
}

const AUDITED_MEMBER: Audited<Member> = {
  resourceType: 'member',
  identify: (member) => ({ resourceId: member.id, resourceName: member.name, subjectId: member.id }),
  fields: (member) => ({ ...member }),
};

/** People of a domain: create with a first personal token, change, delete. */
export function memberHandlers(store: Store) {
  const audit = (caller: Caller, request: FastifyRequest, verb: string, before: Member | null, after: Member | null) =>
    recordChange(store, caller, request, { audited: AUDITED_MEMBER, verb, before, after });
  const target = async (caller: Caller, params: { domain: string; id: string }) => {
    const domain = await callerDomain(store, caller, params.domain);
    const row = await store.people.human(domain.id, params.id);
    if (!row) throw notFound(`There is no member with id "${params.id}" in domain "${domain.name}".`);
    return { domain, row };
  };
  /**
   * Not yourself, and someone must still be able to manage members afterwards (the shared rule the app
   * checks too), counting member.manage from roles and from bundles, own or through groups.
   */
  const allowedChange = async (caller: Caller, domain: DomainRow, change: PersonChange) => {
    const reason = personChangeReason(await peopleOf(store, domain.id), change, caller.memberId);
    if (reason) throw new HttpError(422, 'unprocessable', reason);
  };
  /**
   * The ceiling over what a change hands a person: the roles it adds, the bundles of the groups it puts
   * them into (a group's bundles reach its people), and, for a person enabled again, their own bundles
   * too (everything they hold comes back). Keeping or removing hands out nothing.
   */
  const mayHandOut = async (
    caller: Caller,
    given: { roles: readonly string[]; groupIds: readonly string[]; ownBundlesOf?: string },
  ) =>
    enforce(
      canGrantPermissions(actorOf(caller), [
        ...given.roles.map((name) => ({ kind: 'role' as const, name })),
        ...(await groupHandouts(store, given.groupIds)),
        ...(given.ownBundlesOf === undefined ? [] : await ownBundleHandouts(store, given.ownBundlesOf)),
      ]),
    );

  return {
    createMember: {
      handler: async ({ caller, params, body, request }) => {
        const domain = await callerDomain(store, caller, params.domain);
        await mayHandOut(caller, { roles: body.roles, groupIds: await knownGroupIds(store, domain, body.groups) });
        requireMayAddPerson(caller);
        return store.transaction(async () => {
          if (await store.members.byName(domain.id, body.name)) {
            const message = `The name "${body.name}" is taken in this domain. Choose another.`;
            throw nameTaken(message);
          }
          const row = await store.members.create({
            domainId: domain.id,
            type: 'HUMAN',
            name: body.name,
            roles: body.roles,
            groupIds: await groupIdsOf(store, domain, body.groups),
            by: caller.memberName,
          });
          const created = await store.tokens.create({
            memberId: row.id,
            kind: 'pt',
            name: 'initial',
            roles: [],
            expiresAt: store.now() + INITIAL_TOKEN_MS,
            by: caller.memberName,
          });
          const member = await store.people.view(row);
          await audit(caller, request, 'create', null, member);
          const token = personalTokenMeta(created.row, isoOf(store.now()), row, member.roles);
          return { member, token, secret: created.secret };
        });
      },
    },
    updateMember: {
      handler: async ({ caller, params, body, request }) =>
        store.transaction(async () => {
          const { domain, row } = await target(caller, params);
          const groupIds = body.groups && (await knownGroupIds(store, domain, body.groups));
          await allowedChange(caller, domain, {
            id: row.id,
            roles: body.roles,
            enabled: body.enabled,
            // Other groups bring other bundles: what the person would hold through bundles afterwards.
            bundlePermissions: groupIds && (await bundlePermissionsIn(store, row.id, groupIds)),
          });
          const before = await store.people.view(row);
          const hadGroups = (await store.groups.ofMember(row.id)).map((g) => g.id);
          const roles = body.roles ?? before.roles;
          const groupsAfter = groupIds ?? hadGroups;
          // Enabling a person gives back all they hold; otherwise only what the change adds is given.
          await mayHandOut(
            caller,
            body.enabled === true && !before.enabled
              ? { roles, groupIds: groupsAfter, ownBundlesOf: row.id }
              : {
                  roles: roles.filter((r) => !before.roles.includes(r)),
                  groupIds: groupsAfter.filter((id) => !hadGroups.includes(id)),
                },
          );
          // Their personal tokens act with their roles and groups while they are enabled.
          requireNoHandBackBeyondOwnLimits(caller, await store.tokens.listLive(row.id), isoOf(store.now()), before, {
            enabled: body.enabled ?? before.enabled,
            roles: body.roles ?? before.roles,
            groups: body.groups ?? before.groups,
          });
          await store.people.updateHuman(
            row.id,
            {
              ...(body.roles ? { roles: body.roles } : {}),
              ...(body.groups ? { groupIds: await groupIdsOf(store, domain, body.groups) } : {}),
              ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
            },
            caller.memberName,
          );
          const after = await store.people.view((await store.members.get(row.id))!);
          await audit(caller, request, 'update', before, after);
          return after;
        }),
    },
    deleteMember: {
      handler: async ({ caller, params, request }) => {
        await store.transaction(async () => {
          const { domain, row } = await target(caller, params);
          await allowedChange(caller, domain, { id: row.id, deleted: true });
          const before = await store.people.view(row);
          await store.people.deleteHuman(row.id, caller.memberName);
          await audit(caller, request, 'delete', before, null);
        });
      },
    },
  } satisfies HandlerModule;
}
