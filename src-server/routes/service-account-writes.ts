import type { FastifyRequest } from 'fastify';
import { recordChange, type Audited } from '../audit/record-change.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { NAME_IMMUTABLE_MESSAGE, PatchServiceAccountBody } from '../../src-shared/api/service-accounts.js';
import { canPutInGroups, canSetAccountPermissions } from '../../src-shared/authz.js';
import { inCatalogueOrder } from '../../src-shared/permissions.js';
import { actorOf, enforce, type Caller } from '../auth/caller.js';
import { HttpError } from '../http/errors.js';
import type { HandlerModule } from '../http/route.js';
import { bodyIssue } from '../http/validate.js';
import type { DomainRow } from '../store/domains.js';
import { sortRoles } from '../store/members.js';
import type { AccountView } from '../store/service-accounts.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import {
  auditFieldsOf,
  changeableAccount,
  copiedPermissions,
  requireFreeName,
  requireStillManageable,
  requireUsablePermissions,
  resolveGroups,
  type AccountPermissionSet,
} from './service-account-rules.js';
import { requireNoHandBackBeyondOwnLimits } from './own-limits.js';
import { requireNoNeverExpiringGain } from './policy-rules.js';
import { callerDomain } from './scope.js';
const PATCHABLE = Object.keys(PatchServiceAccountBody.shape).join(', ');

/** A patch names what it changes: the name never (it is the account's identity), and at least one field. */
function checkPatchBody(raw: unknown): void {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return; // the schema says what is wrong
  if (Object.hasOwn(raw, 'name')) {
    throw new HttpError(
      400,
      'name_immutable',
      NAME_IMMUTABLE_MESSAGE,
      bodyIssue('name', 'name_immutable', NAME_IMMUTABLE_MESSAGE),
    );
  }
  if (Object.keys(raw).length === 0) {
    const message = `The request body changes nothing. Send at least one of: ${PATCHABLE}.`;
    throw new HttpError(400, 'validation_failed', message, bodyIssue('', 'too_small', message));
  }
}

/**
 * Create, change and delete service accounts. Each runs in one IMMEDIATE transaction with its audit
 * row and the change-sequence bump (the store's write functions), so sync and audit see every change
 * exactly when it commits.
 */
export function serviceAccountWriteHandlers(store: Store) {
  const read = async (domain: DomainRow, id: string): Promise<AccountView> => {
    const view = await store.serviceAccounts.get(domain.id, id);
    if (!view) throw new Error(`service account ${id} vanished inside its own transaction`);
    return view;
  };
  const audit = async (
    caller: Caller,
    request: FastifyRequest,
    domain: DomainRow,
    verb: 'create' | 'update' | 'delete',
    before: AccountView | null,
    after: AccountView | null,
  ): Promise<void> => {
    const audited: Audited<AccountView> = {
      resourceType: 'service_account',
      domainId: domain.id,
      identify: ({ account }) => ({ resourceId: account.id, resourceName: account.name, subjectId: account.id }),
      fields: ({ account }) => auditFieldsOf(account),
    };
    await recordChange(store, caller, request, { audited, verb, before, after });
  };

  return {
    createServiceAccount: {
      // The domain must be the caller's before the body is read.
      authorize: async ({ caller, params }) => {
        await callerDomain(store, caller, params.domain);
      },
      handler: async ({ params, body, caller, request, reply }) =>
        store.transaction(async () => {
          const domain = await callerDomain(store, caller, params.domain);
          await requireFreeName(store, domain, body.name);
          const copied = await copiedPermissions(store, domain, body.copyPermissionsFrom);
          const permissions: AccountPermissionSet = {
            roles: sortRoles([...body.roles, ...copied.roles]),
            grants: inCatalogueOrder([...body.grants, ...copied.grants]),
            denies: inCatalogueOrder([...body.denies, ...copied.denies]),
          };
          requireUsablePermissions(permissions);
          // The ceiling: everything the new account holds is handed out by its creator.
          enforce(canSetAccountPermissions(actorOf(caller), null, permissions));
          const groups = body.groups.length > 0 ? await resolveGroups(store, domain, body.groups) : caller.groups;
          enforce(
            canPutInGroups(
              actorOf(caller),
              groups.map((g) => g.name),
            ),
          );
          requireStillManageable(actorOf(caller), groups, true);
          const row = await store.members.create({
            domainId: domain.id,
            type: 'SERVICE_ACCOUNT',
            name: body.name,
            description: body.description,
            ...permissions,
            groupIds: groups.map((g) => g.id),
            enabled: true,
            basicAuthEnabled: body.basicAuthEnabled,
            by: caller.memberName,
          });
          const created = await read(domain, row.id);
          await audit(caller, request, domain, 'create', null, created);
          void reply.header('location', apiPath('getServiceAccount', { domain: domain.name, id: row.id }));
          return created.account;
        }),
    },
    updateServiceAccount: {
      authorize: async ({ caller, params }) => {
        await changeableAccount(store, caller, params);
      },
      checkBody: checkPatchBody,
      handler: async ({ params, body, caller, request }) =>
        store.transaction(async () => {
          const { domain, view: before } = await changeableAccount(store, caller, params);
          const was = before.account;
          const permissions: AccountPermissionSet = {
            roles: body.roles === undefined ? was.roles : sortRoles(body.roles),
            grants: body.grants === undefined ? was.grants : inCatalogueOrder(body.grants),
            denies: body.denies === undefined ? was.denies : inCatalogueOrder(body.denies),
          };
          requireUsablePermissions(permissions);
          // The ceiling on what the change hands out (roles added, permissions gained, grants added, denies
          // taken away). Enabling an account again brings its tokens back with all of it.
          const enabling = body.enabled === true && !was.enabled;
          enforce(canSetAccountPermissions(actorOf(caller), enabling ? null : was, permissions));
          let groupIds: string[] | undefined;
          if (body.groups !== undefined) {
            const groups = await resolveGroups(store, domain, body.groups);
            // Only the groups this change adds: keeping the account's other groups, or dropping some, is fine.
            enforce(
              canPutInGroups(
                actorOf(caller),
                groups.map((g) => g.name).filter((name) => !before.account.groups.includes(name)),
              ),
            );
            requireStillManageable(actorOf(caller), groups, false);
            groupIds = groups.map((g) => g.id);
          }
          // Enabling it, giving back a role its tokens were given, a grant, a deny taken away, or adding a group
          // hands its live tokens more.
          const live = await store.tokens.listLive(was.id);
          requireNoHandBackBeyondOwnLimits(caller, live, isoOf(store.now()), was, {
            enabled: body.enabled ?? was.enabled,
            ...permissions,
            groups: body.groups ?? was.groups,
          });
          // A grant reaches every token at once: it may not make one that never expires Admin-grade.
          await requireNoNeverExpiringGain(store, domain.id, live, was, permissions);
          await store.members.updateServiceAccount(
            before.account.id,
            {
              ...(body.description === undefined ? {} : { description: body.description }),
              ...(body.roles === undefined ? {} : { roles: permissions.roles }),
              ...(body.grants === undefined ? {} : { grants: permissions.grants }),
              ...(body.denies === undefined ? {} : { denies: permissions.denies }),
              ...(groupIds === undefined ? {} : { groupIds }),
              ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
              ...(body.basicAuthEnabled === undefined ? {} : { basicAuthEnabled: body.basicAuthEnabled }),
            },
            caller.memberName,
          );
          const after = await read(domain, before.account.id);
          await audit(caller, request, domain, 'update', before, after);
          return after.account;
        }),
    },
    deleteServiceAccount: {
      authorize: async ({ caller, params }) => {
        await changeableAccount(store, caller, params);
      },
      handler: async ({ params, caller, request }) => {
        await store.transaction(async () => {
          const { domain, view } = await changeableAccount(store, caller, params);
          await store.members.deleteServiceAccount(view.account.id, caller.memberName);
          await audit(caller, request, domain, 'delete', view, null);
        });
      },
    },
  } satisfies HandlerModule;
}
