import type { FastifyRequest } from 'fastify';
import { recordChange } from '../audit/record-change.js';
import { CreateGroupBody, Group, PatchGroupBody } from '../../src-shared/api/directory.js';
import { API_PREFIX } from '../../src-shared/api/paths.js';
import { GroupName } from '../../src-shared/validation.js';
import { requirePermission, type Caller } from '../auth/caller.js';
import { HttpError, notFound } from '../http/errors.js';
import { defineRoute, NoContent, type AnyRouteSpec } from '../http/route.js';
import type { DomainRow } from '../store/domains.js';
import type { Store } from '../store/store.js';
import { callerDomain, DomainParams } from './scope.js';

const GroupParams = DomainParams.extend({ name: GroupName }).strict();

/**
 * Groups (member.manage). Deleting a group is allowed even when a service account is left in no
 * group: such an account can then be changed by no one until an admin adds it to a group again.
 */
export function groupRoutes(store: Store): AnyRouteSpec[] {
  const viewOf = (domain: DomainRow, name: string): Group => {
    const group = store.directory.groups(domain.id).find((g) => g.name === name);
    if (!group) throw notFound(`There is no group named "${name}" in domain "${domain.name}".`);
    return group;
  };
  const audit = (
    caller: Caller,
    request: FastifyRequest,
    action: string,
    before: Group | null,
    after: Group | null,
  ) => {
    const subject = (after ?? before)!;
    recordChange(store, caller, request, {
      resourceType: 'group',
      verb: action,
      resourceId: subject.id,
      resourceName: subject.name,
      subjectId: null,
      before: before && { ...before },
      after: after && { ...after },
    });
  };
  const manage = ({ caller }: { caller: Caller }) => requirePermission(caller, 'member.manage');

  return [
    defineRoute({
      method: 'POST',
      path: `${API_PREFIX}/domains/{domain}/groups`,
      operationId: 'createGroup',
      summary: 'Create a group (member.manage)',
      auth: true,
      params: DomainParams,
      body: CreateGroupBody,
      response: { status: 201, name: 'Group', schema: Group, description: 'The new group.' },
      errors: [400, 403, 404, 409],
      authorize: manage,
      handler: ({ caller, params, body, request }) =>
        store.transaction(() => {
          const domain = callerDomain(store, caller, params.domain);
          if (store.groups.byName(domain.id, body.name)) {
            const message = `A group named "${body.name}" already exists. Choose another name.`;
            throw new HttpError(409, 'name_taken', message, [
              { in: 'body', path: 'name', code: 'name_taken', message },
            ]);
          }
          store.groups.create({
            domainId: domain.id,
            name: body.name,
            description: body.description,
            by: caller.memberName,
            at: store.now(),
          });
          const group = viewOf(domain, body.name);
          audit(caller, request, 'create', null, group);
          return group;
        }),
    }),
    defineRoute({
      method: 'PATCH',
      path: `${API_PREFIX}/domains/{domain}/groups/{name}`,
      operationId: 'updateGroup',
      summary: 'Change a group’s description (member.manage); the name is its identity',
      auth: true,
      params: GroupParams,
      body: PatchGroupBody,
      response: { status: 200, name: 'Group', schema: Group, description: 'The group after the change.' },
      errors: [400, 403, 404],
      authorize: manage,
      handler: ({ caller, params, body, request }) =>
        store.transaction(() => {
          const domain = callerDomain(store, caller, params.domain);
          const before = viewOf(domain, params.name);
          store.people.describeGroup(before.id, body.description);
          const after = viewOf(domain, params.name);
          audit(caller, request, 'update', before, after);
          return after;
        }),
    }),
    defineRoute({
      method: 'DELETE',
      path: `${API_PREFIX}/domains/{domain}/groups/{name}`,
      operationId: 'deleteGroup',
      summary: 'Delete a group; its members and service accounts leave it (member.manage)',
      auth: true,
      params: GroupParams,
      response: { status: 204, name: 'NoContent', schema: NoContent, description: 'Deleted.' },
      errors: [403, 404],
      authorize: manage,
      handler: ({ caller, params, request }) => {
        store.transaction(() => {
          const domain = callerDomain(store, caller, params.domain);
          const before = viewOf(domain, params.name);
          store.people.deleteGroup(before.id);
          audit(caller, request, 'delete', before, null);
        });
      },
    }),
  ];
}
