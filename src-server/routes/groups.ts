import type { FastifyRequest } from 'fastify';
import { recordChange, type Audited } from '../audit/record-change.js';
import type { Group } from '../../src-shared/api/directory.js';
import type { Caller } from '../auth/caller.js';
import { notFound } from '../http/errors.js';
import type { HandlerModule } from '../http/route.js';
import { nameTaken } from '../http/validate.js';
import type { DomainRow } from '../store/domains.js';
import type { Store } from '../store/store.js';
import { keepingAManager } from './managers.js';
import { callerDomain } from './scope.js';

const AUDITED_GROUP: Audited<Group> = {
  resourceType: 'group',
  identify: (group) => ({ resourceId: group.id, resourceName: group.name, subjectId: null }),
  fields: (group) => ({ ...group }),
};

/**
 * Groups. Deleting a group is allowed even when a service account is left in no
 * group: such an account can then be changed by no one until an admin adds it to a group again.
 */
export function groupHandlers(store: Store) {
  const viewOf = async (domain: DomainRow, name: string): Promise<Group> => {
    const group = (await store.directory.groups(domain.id)).find((g) => g.name === name);
    if (!group) throw notFound(`There is no group named "${name}" in domain "${domain.name}".`);
    return group;
  };
  const audit = (caller: Caller, request: FastifyRequest, verb: string, before: Group | null, after: Group | null) =>
    recordChange(store, caller, request, { audited: AUDITED_GROUP, verb, before, after });
  return {
    createGroup: {
      handler: ({ caller, params, body, request }) =>
        store.transaction(async () => {
          const domain = await callerDomain(store, caller, params.domain);
          if (await store.groups.byName(domain.id, body.name)) {
            const message = `A group named "${body.name}" already exists. Choose another name.`;
            throw nameTaken(message);
          }
          await store.groups.create({
            domainId: domain.id,
            name: body.name,
            description: body.description,
            by: caller.memberName,
            at: store.now(),
          });
          const group = await viewOf(domain, body.name);
          await audit(caller, request, 'create', null, group);
          return group;
        }),
    },
    updateGroup: {
      handler: ({ caller, params, body, request }) =>
        store.transaction(async () => {
          const domain = await callerDomain(store, caller, params.domain);
          const before = await viewOf(domain, params.name);
          await store.people.describeGroup(before.id, body.description);
          const after = await viewOf(domain, params.name);
          await audit(caller, request, 'update', before, after);
          return after;
        }),
    },
    deleteGroup: {
      handler: async ({ caller, params, request }) => {
        await store.transaction(async () => {
          const domain = await callerDomain(store, caller, params.domain);
          const before = await viewOf(domain, params.name);
          // Its people lose its bundles, perhaps the domain's last member.manage.
          await keepingAManager(store, domain.id, () => store.people.deleteGroup(before.id));
          await audit(caller, request, 'delete', before, null);
        });
      },
    },
  } satisfies HandlerModule;
}
