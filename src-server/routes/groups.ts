import type { FastifyRequest } from 'fastify';
import { recordChange } from '../audit/record-change.js';
import type { Group } from '../../src-shared/api/directory.js';
import type { Caller } from '../auth/caller.js';
import { HttpError, notFound } from '../http/errors.js';
import type { HandlerModule } from '../http/route.js';
import type { DomainRow } from '../store/domains.js';
import type { Store } from '../store/store.js';
import { callerDomain } from './scope.js';

/**
 * Groups. Deleting a group is allowed even when a service account is left in no
 * group: such an account can then be changed by no one until an admin adds it to a group again.
 */
export function groupHandlers(store: Store) {
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
  return {
    createGroup: {
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
    },
    updateGroup: {
      handler: ({ caller, params, body, request }) =>
        store.transaction(() => {
          const domain = callerDomain(store, caller, params.domain);
          const before = viewOf(domain, params.name);
          store.people.describeGroup(before.id, body.description);
          const after = viewOf(domain, params.name);
          audit(caller, request, 'update', before, after);
          return after;
        }),
    },
    deleteGroup: {
      handler: ({ caller, params, request }) => {
        store.transaction(() => {
          const domain = callerDomain(store, caller, params.domain);
          const before = viewOf(domain, params.name);
          store.people.deleteGroup(before.id);
          audit(caller, request, 'delete', before, null);
        });
      },
    },
  } satisfies HandlerModule;
}
