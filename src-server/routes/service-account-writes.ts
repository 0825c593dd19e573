import type { FastifyRequest } from 'fastify';
import { recordChange } from '../audit/record-change.js';
import { ServiceAccount } from '../../src-shared/api/models.js';
import { API_PREFIX, apiPaths } from '../../src-shared/api/paths.js';
import {
  CreateServiceAccountBody,
  NAME_IMMUTABLE_MESSAGE,
  PatchServiceAccountBody,
} from '../../src-shared/api/service-accounts.js';
import { canCreateServiceAccount, canGrantRoles, canPutInGroups } from '../../src-shared/authz.js';
import { actorOf, enforce, type Caller } from '../auth/caller.js';
import { HttpError } from '../http/errors.js';
import { defineRoute, NoContent, type AnyRouteSpec } from '../http/route.js';
import type { DomainRow } from '../store/domains.js';
import { sortRoles } from '../store/members.js';
import type { AccountView } from '../store/service-accounts.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import {
  auditFieldsOf,
  changeableAccount,
  copiedRoles,
  requireFreeName,
  requireSomeRole,
  requireStillManageable,
  resolveGroups,
} from './service-account-rules.js';
import { requireNoHandBackBeyondOwnLimits } from './own-limits.js';
import { callerDomain, DomainAccountParams, DomainParams } from './scope.js';

const BASE = `${API_PREFIX}/domains/{domain}/service-accounts`;
const PATCHABLE = Object.keys(PatchServiceAccountBody.shape).join(', ');

/** A patch names what it changes: the name never (it is the account's identity), and at least one field. */
function checkPatchBody(raw: unknown): void {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return; // the schema says what is wrong
  if (Object.hasOwn(raw, 'name')) {
    throw new HttpError(400, 'name_immutable', NAME_IMMUTABLE_MESSAGE, [
      { in: 'body', path: 'name', code: 'name_immutable', message: NAME_IMMUTABLE_MESSAGE },
    ]);
  }
  if (Object.keys(raw).length === 0) {
    const message = `The request body changes nothing. Send at least one of: ${PATCHABLE}.`;
    throw new HttpError(400, 'validation_failed', message, [{ in: 'body', path: '', code: 'too_small', message }]);
  }
}

/**
 * Create, change and delete service accounts. Each runs in one IMMEDIATE transaction with its audit
 * row and the change-sequence bump (the store's write functions), so sync and audit see every change
 * exactly when it commits.
 */
export function serviceAccountWriteRoutes(store: Store): AnyRouteSpec[] {
  const read = (domain: DomainRow, id: string): AccountView => {
    const view = store.serviceAccounts.get(domain.id, id);
    if (!view) throw new Error(`service account ${id} vanished inside its own transaction`);
    return view;
  };
  const audit = (
    caller: Caller,
    request: FastifyRequest,
    domain: DomainRow,
    action: 'create' | 'update' | 'delete',
    before: AccountView | null,
    after: AccountView | null,
  ): void => {
    const subject = (after ?? before)!.account;
    recordChange(store, caller, request, {
      resourceType: 'service_account',
      verb: action,
      domainId: domain.id,
      resourceId: subject.id,
      resourceName: subject.name,
      subjectId: subject.id,
      before: before && auditFieldsOf(before.account),
      after: after && auditFieldsOf(after.account),
    });
  };

  return [
    defineRoute({
      method: 'POST',
      path: BASE,
      operationId: 'createServiceAccount',
      summary: 'Create a service account (service_account.manage)',
      description:
        'Roles are `roles` plus those copied from `copyPermissionsFrom` (another account of the domain, or one ' +
        'role) and must come to at least one. `groups` left out or empty means the caller’s own groups; the ' +
        'caller must share at least one group with the new account (422 otherwise). A taken name is 409 name_taken.',
      auth: true,
      params: DomainParams,
      body: CreateServiceAccountBody,
      response: { status: 201, name: 'ServiceAccount', schema: ServiceAccount, description: 'The new account.' },
      errors: [403, 404, 409, 422],
      authorize: ({ caller, params }) => {
        enforce(canCreateServiceAccount(actorOf(caller)));
        callerDomain(store, caller, params.domain);
      },
      handler: ({ params, body, caller, request, reply }) =>
        store.transaction(() => {
          const domain = callerDomain(store, caller, params.domain);
          requireFreeName(store, domain, body.name);
          const roles = sortRoles([...body.roles, ...copiedRoles(store, domain, body.copyPermissionsFrom)]);
          requireSomeRole(roles);
          enforce(canGrantRoles(actorOf(caller), roles));
          const groups = body.groups.length > 0 ? resolveGroups(store, domain, body.groups) : caller.groups;
          enforce(
            canPutInGroups(
              actorOf(caller),
              groups.map((g) => g.name),
            ),
          );
          requireStillManageable(actorOf(caller), groups, true);
          const row = store.members.create({
            domainId: domain.id,
            type: 'SERVICE_ACCOUNT',
            name: body.name,
            description: body.description,
            roles,
            groupIds: groups.map((g) => g.id),
            enabled: true,
            basicAuthEnabled: body.basicAuthEnabled,
            by: caller.memberName,
          });
          const created = read(domain, row.id);
          audit(caller, request, domain, 'create', null, created);
          void reply.header('location', apiPaths.serviceAccount(domain.name, row.id));
          return created.account;
        }),
    }),
    defineRoute({
      method: 'PATCH',
      path: `${BASE}/{id}`,
      operationId: 'updateServiceAccount',
      summary: 'Change a service account’s description, roles, groups, enabled or Basic Auth flag',
      description:
        'Needs service_account.manage and a group shared with the account (403 not_same_group). The name cannot ' +
        'change: a body with `name` is 400 name_immutable. Fields the endpoint does not take are 400 ' +
        'unknown_fields. New groups must still include one of the caller’s (422 otherwise), and adding a group the ' +
        'caller is not in needs member.manage (403 group_not_yours). Disabling an ' +
        'account stops its tokens authenticating (401 account_disabled) until it is enabled again; enabling it ' +
        'needs the rights to give its roles (403 otherwise). With a service-account token, a change that hands ' +
        'a live active token of the account more (enabling the account, giving back a role the token was given, ' +
        'adding a group) is refused when that token outlives the caller’s own or has a higher (or no) max RPS ' +
        '(403 beyond_own_limits).',
      auth: true,
      params: DomainAccountParams,
      body: PatchServiceAccountBody,
      response: { status: 200, name: 'ServiceAccount', schema: ServiceAccount, description: 'The changed account.' },
      errors: [403, 404, 422],
      authorize: ({ caller, params }) => {
        changeableAccount(store, caller, params);
      },
      checkBody: checkPatchBody,
      handler: ({ params, body, caller, request }) =>
        store.transaction(() => {
          const { domain, view: before } = changeableAccount(store, caller, params);
          if (body.roles !== undefined) {
            enforce(
              canGrantRoles(
                actorOf(caller),
                body.roles.filter((role) => !before.account.roles.includes(role)),
              ),
            );
          }
          if (body.enabled === true && !before.account.enabled) {
            // Enabling an account again brings its tokens back with its roles: the ceiling of a grant.
            enforce(canGrantRoles(actorOf(caller), body.roles ?? before.account.roles));
          }
          let groupIds: string[] | undefined;
          if (body.groups !== undefined) {
            const groups = resolveGroups(store, domain, body.groups);
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
          // Enabling it, giving back a role its tokens were given, or adding a group hands its live tokens more.
          const was = before.account;
          requireNoHandBackBeyondOwnLimits(caller, store.tokens.listLive(was.id), isoOf(store.now()), was, {
            enabled: body.enabled ?? was.enabled,
            roles: body.roles ?? was.roles,
            groups: body.groups ?? was.groups,
          });
          store.members.updateServiceAccount(
            before.account.id,
            {
              ...(body.description === undefined ? {} : { description: body.description }),
              ...(body.roles === undefined ? {} : { roles: sortRoles(body.roles) }),
              ...(groupIds === undefined ? {} : { groupIds }),
              ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
              ...(body.basicAuthEnabled === undefined ? {} : { basicAuthEnabled: body.basicAuthEnabled }),
            },
            caller.memberName,
          );
          const after = read(domain, before.account.id);
          audit(caller, request, domain, 'update', before, after);
          return after.account;
        }),
    }),
    defineRoute({
      method: 'DELETE',
      path: `${BASE}/{id}`,
      operationId: 'deleteServiceAccount',
      summary: 'Delete a service account with its tokens and request logs',
      description:
        'Needs service_account.manage and a group shared with the account. Its tokens stop working at once ' +
        '(401 token_unknown: the server no longer holds them), and incremental sync reports the id in `deleted`.',
      auth: true,
      params: DomainAccountParams,
      response: { status: 204, name: 'NoContent', schema: NoContent, description: 'Deleted.' },
      errors: [403, 404],
      authorize: ({ caller, params }) => {
        changeableAccount(store, caller, params);
      },
      handler: ({ params, caller, request }) => {
        store.transaction(() => {
          const { domain, view } = changeableAccount(store, caller, params);
          store.members.deleteServiceAccount(view.account.id, caller.memberName);
          audit(caller, request, domain, 'delete', view, null);
        });
      },
    }),
  ];
}
