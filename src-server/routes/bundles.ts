import type { FastifyRequest } from 'fastify';
import type { Bundle, GrantedBundles } from '../../src-shared/api/bundles.js';
import { canGrantPermissions } from '../../src-shared/authz.js';
import { permissionNamed } from '../../src-shared/permissions.js';
import type { Permission } from '../../src-shared/roles.js';
import { recordChange, type Audited } from '../audit/record-change.js';
import { actorOf, enforce, type Caller } from '../auth/caller.js';
import { HttpError, notFound } from '../http/errors.js';
import type { HandlerModule } from '../http/route.js';
import { nameTaken } from '../http/validate.js';
import type { BundleRow } from '../store/bundles.js';
import { bundleView } from '../store/bundles.js';
import type { DomainRow } from '../store/domains.js';
import type { Store } from '../store/store.js';
import { keepingAManager } from './managers.js';
import { callerDomain } from './scope.js';

type WithId<T> = T & { id: string };

const AUDITED_BUNDLE: Audited<WithId<Bundle>> = {
  resourceType: 'bundle',
  identify: (bundle) => ({ resourceId: bundle.id, resourceName: bundle.name, subjectId: null }),
  fields: ({ id: _id, ...bundle }) => ({ ...bundle }),
};

/** A grant of bundles, audited on the person (their trail shows it) or the group. */
interface Holder {
  id: string;
  name: string;
  person: boolean;
  bundles: string[];
}
const AUDITED_HOLDER: Audited<Holder> = {
  resourceType: 'bundle_grant',
  identify: (holder) => ({
    resourceId: holder.id,
    resourceName: holder.name,
    subjectId: holder.person ? holder.id : null,
  }),
  fields: (holder) => ({ bundles: holder.bundles }),
};

/** Catalogue names for what a request named by name or alias (the body schema already refused unknowns). */
const catalogue = (names: readonly string[]): Permission[] => names.map((n) => permissionNamed(n)!);

function unprocessable(message: string, path: string): HttpError {
  return new HttpError(422, 'unprocessable', message, [{ in: 'body', path, code: 'unprocessable', message }]);
}

/**
 * Bundles: Admins define them, member.manage grants them to people and groups. Every change that can
 * move permissions obeys the ceiling (no one hands out a permission they do not hold) and keeps the
 * domain a person holding member.manage from some source: each write is made, the domain's people are
 * read again, and the transaction is undone with a 422 when no manager is left.
 */
export function bundleHandlers(store: Store) {
  const withId = (row: BundleRow): WithId<Bundle> => ({ id: row.id, ...bundleView(row) });
  const find = async (domain: DomainRow, name: string): Promise<BundleRow> => {
    const row = await store.bundles.byName(domain.id, name);
    if (!row) throw notFound(`There is no bundle named "${name}" in domain "${domain.name}".`);
    return row;
  };
  const auditBundle = async (
    caller: Caller,
    request: FastifyRequest,
    verb: string,
    before: BundleRow | null,
    after: BundleRow | null,
  ) =>
    await recordChange(store, caller, request, {
      audited: AUDITED_BUNDLE,
      verb,
      before: before && withId(before),
      after: after && withId(after),
    });
  /** Bundle names to rows; an unknown name is the client's mistake, named in the answer. */
  const rowsOf = async (domain: DomainRow, names: readonly string[]): Promise<BundleRow[]> => {
    const rows: BundleRow[] = [];
    const missing: string[] = [];
    for (const name of names) {
      const row = await store.bundles.byName(domain.id, name);
      if (row) rows.push(row);
      else missing.push(name);
    }
    if (missing.length > 0) {
      throw unprocessable(`There is no bundle named ${missing.map((n) => `"${n}"`).join(' or ')}.`, 'bundles');
    }
    return rows;
  };
  /** The ceiling over the bundles a grant adds (keeping or removing hands out nothing). */
  /**
   * Replaces what a person or a group holds with `names`: under the ceiling, keeping a member manager,
   * audited before/after on the holder. Answers the bundles now granted.
   */
  const regrant = async (
    caller: Caller,
    request: FastifyRequest,
    domain: DomainRow,
    names: readonly string[],
    target: { holder: Omit<Holder, 'bundles'>; held: BundleRow[]; set: (bundleIds: string[]) => Promise<void> },
  ): Promise<GrantedBundles> => {
    const before = target.held;
    const after = await rowsOf(domain, names);
    mayGrant(caller, before, after);
    await keepingAManager(store, domain.id, () => target.set(after.map((b) => b.id)));
    const holder = (rows: readonly BundleRow[]): Holder => ({ ...target.holder, bundles: granted(rows).bundles });
    await recordChange(store, caller, request, {
      audited: AUDITED_HOLDER,
      verb: target.holder.person ? 'member' : 'group',
      before: holder(before),
      after: holder(after),
    });
    return granted(after);
  };
  const mayGrant = (caller: Caller, before: readonly BundleRow[], after: readonly BundleRow[]) => {
    const had = new Set(before.map((b) => b.id));
    const added = after.filter((b) => !had.has(b.id));
    enforce(
      canGrantPermissions(
        actorOf(caller),
        added.map((b) => ({ kind: 'bundle', name: b.name, permissions: bundleView(b).permissions })),
      ),
    );
  };
  const granted = (rows: readonly BundleRow[]): GrantedBundles => ({
    bundles: rows.map((b) => b.name).sort(),
  });

  return {
    listBundles: {
      handler: async ({ caller, params }) => {
        const domain = await callerDomain(store, caller, params.domain);
        return { items: (await store.bundles.list(domain.id)).map(bundleView) };
      },
    },
    getBundle: {
      handler: async ({ caller, params }) =>
        bundleView(await find(await callerDomain(store, caller, params.domain), params.name)),
    },
    createBundle: {
      handler: async ({ caller, params, body, request }) =>
        store.transaction(async () => {
          const domain = await callerDomain(store, caller, params.domain);
          if (await store.bundles.byName(domain.id, body.name)) {
            throw nameTaken(`A bundle named "${body.name}" already exists. Choose another name.`);
          }
          const row = await store.bundles.create({
            domainId: domain.id,
            name: body.name,
            description: body.description,
            permissions: catalogue(body.permissions),
            by: caller.memberName,
            at: store.now(),
          });
          await auditBundle(caller, request, 'create', null, row);
          return bundleView(row);
        }),
    },
    updateBundle: {
      handler: async ({ caller, params, body, request }) =>
        store.transaction(async () => {
          const domain = await callerDomain(store, caller, params.domain);
          const before = await find(domain, params.name);
          const permissions = body.permissions && catalogue(body.permissions);
          if (permissions) {
            // Everyone holding the bundle gains what it adds, so the ceiling covers the addition.
            const had = bundleView(before).permissions;
            const added = permissions.filter((p) => !had.includes(p));
            enforce(canGrantPermissions(actorOf(caller), [{ kind: 'bundle', name: before.name, permissions: added }]));
          }
          const after = await keepingAManager(store, domain.id, () =>
            store.bundles.update(before, {
              ...(body.description === undefined ? {} : { description: body.description }),
              ...(permissions ? { permissions } : {}),
              by: caller.memberName,
              at: store.now(),
            }),
          );
          await auditBundle(caller, request, 'update', before, after);
          return bundleView(after);
        }),
    },
    deleteBundle: {
      handler: async ({ caller, params, request }) => {
        await store.transaction(async () => {
          const domain = await callerDomain(store, caller, params.domain);
          const before = await find(domain, params.name);
          await keepingAManager(store, domain.id, () => store.bundles.delete(before.id));
          await auditBundle(caller, request, 'delete', before, null);
        });
      },
    },
    setMemberBundles: {
      handler: async ({ caller, params, body, request }) =>
        store.transaction(async () => {
          const domain = await callerDomain(store, caller, params.domain);
          // People only: service accounts take no permissions from bundles.
          const member = await store.people.human(domain.id, params.id);
          if (!member) throw notFound(`There is no member with id "${params.id}" in domain "${domain.name}".`);
          return await regrant(caller, request, domain, body.bundles, {
            holder: { id: member.id, name: member.name, person: true },
            held: await store.bundles.ofMember(member.id),
            set: (ids) => store.bundles.setForMember(member.id, ids),
          });
        }),
    },
    setGroupBundles: {
      handler: async ({ caller, params, body, request }) =>
        store.transaction(async () => {
          const domain = await callerDomain(store, caller, params.domain);
          const group = await store.groups.byName(domain.id, params.name);
          if (!group) throw notFound(`There is no group named "${params.name}" in domain "${domain.name}".`);
          return await regrant(caller, request, domain, body.bundles, {
            holder: { id: group.id, name: group.name, person: false },
            held: await store.bundles.ofGroup(group.id),
            set: (ids) => store.bundles.setForGroup(group.id, ids),
          });
        }),
    },
  } satisfies HandlerModule;
}
