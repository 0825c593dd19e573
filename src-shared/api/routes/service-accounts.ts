import { ACCESS } from '../../authz.js';
import { ServiceAccount } from '../models.js';
import { DomainAccountParams, DomainParams } from '../params.js';
import { API_PREFIX, DELETED, type RouteContract } from '../route-contract.js';
import {
  CreateServiceAccountBody,
  PatchServiceAccountBody,
  ServiceAccountListQuery,
  ServiceAccountListResponse,
} from '../service-accounts.js';

const BASE = `${API_PREFIX}/domains/{domain}/service-accounts`;

/** Service accounts: list (with incremental sync), read, create, change, delete. */
export const serviceAccountRoutes = {
  listServiceAccounts: {
    method: 'GET',
    path: BASE,
    summary: 'List service accounts: search, filters, sort, cursor pages, and changes since a sync cursor',
    description:
      'Pages follow `nextCursor` until it is null. Every page of one walk reports the same `syncCursor` ' +
      '(the change sequence when the first page was read); pass it later as `changesSince` to receive only ' +
      'accounts changed after it, oldest change first, and on the first page the ids deleted since. ' +
      '`include=tokens` embeds token metadata, or `tokens: null` for accounts whose tokens the caller may ' +
      'not see (needs access_token.manage or Admin, and a shared group). The `X-Next-Cursor` header repeats ' +
      '`nextCursor`, so a client can request the next page before it has read this one.',
    access: ACCESS.readServiceAccounts,
    params: DomainParams,
    query: ServiceAccountListQuery,
    response: {
      status: 200,
      name: 'ServiceAccountListResponse',
      schema: ServiceAccountListResponse,
      description: 'One page of service accounts.',
    },
  },
  getServiceAccount: {
    method: 'GET',
    path: `${BASE}/{id}`,
    summary: 'One service account',
    access: ACCESS.readServiceAccounts,
    params: DomainAccountParams,
    response: { status: 200, name: 'ServiceAccount', schema: ServiceAccount, description: 'The service account.' },
  },
  createServiceAccount: {
    method: 'POST',
    path: BASE,
    summary: 'Create a service account (service_account.manage)',
    description:
      'Roles are `roles` plus those copied from `copyPermissionsFrom` (another account of the domain, or one ' +
      'role) and must come to at least one. `groups` left out or empty means the caller’s own groups; the ' +
      'caller must share at least one group with the new account (422 otherwise). A taken name is 409 name_taken.',
    access: ACCESS.createServiceAccounts,
    params: DomainParams,
    body: CreateServiceAccountBody,
    response: { status: 201, name: 'ServiceAccount', schema: ServiceAccount, description: 'The new account.' },
    errors: [409, 422],
  },
  updateServiceAccount: {
    method: 'PATCH',
    path: `${BASE}/{id}`,
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
    access: ACCESS.changeServiceAccount,
    params: DomainAccountParams,
    body: PatchServiceAccountBody,
    response: { status: 200, name: 'ServiceAccount', schema: ServiceAccount, description: 'The changed account.' },
    errors: [422],
  },
  deleteServiceAccount: {
    method: 'DELETE',
    path: `${BASE}/{id}`,
    summary: 'Delete a service account with its tokens and request logs',
    description:
      'Needs service_account.manage and a group shared with the account. Its tokens stop working at once ' +
      '(401 token_unknown: the server no longer holds them), and incremental sync reports the id in `deleted`.',
    access: ACCESS.changeServiceAccount,
    params: DomainAccountParams,
    response: DELETED,
  },
} as const satisfies Record<string, RouteContract>;
