import { ACCESS } from '../../authz.js';
import {
  CreatedMember,
  CreateGroupBody,
  CreateMemberBody,
  Group,
  GroupListResponse,
  Member,
  MemberListResponse,
  PatchGroupBody,
  PatchMemberBody,
} from '../directory.js';
import { DomainParams, GroupParams, MemberParams } from '../params.js';
import { API_PREFIX, DELETED, type RouteContract } from '../route-contract.js';

const DOMAIN = `${API_PREFIX}/domains/{domain}`;

/** The groups and people of a domain: read them for the pickers (member.read), manage them (member.manage). */
export const directoryRoutes = {
  listGroups: {
    method: 'GET',
    path: `${DOMAIN}/groups`,
    summary: 'The groups of a domain, with how many people and service accounts each holds (member.read)',
    access: ACCESS.readDirectory,
    params: DomainParams,
    response: { status: 200, name: 'GroupListResponse', schema: GroupListResponse, description: 'Every group.' },
  },
  listMembers: {
    method: 'GET',
    path: `${DOMAIN}/members`,
    summary: 'The people of a domain, with roles and groups; service accounts are not listed (member.read)',
    access: ACCESS.readDirectory,
    params: DomainParams,
    response: {
      status: 200,
      name: 'MemberListResponse',
      schema: MemberListResponse,
      description: 'Every human member.',
    },
  },
  createMember: {
    method: 'POST',
    path: `${DOMAIN}/members`,
    summary: 'Add a person, with a first personal token (90 days) whose secret is in this answer only',
    description:
      'A person can make their own personal tokens without expiry or cap, so a service-account token with an ' +
      'expiry or a max RPS cannot add one (403 beyond_own_limits). The ceiling: the roles given and the bundles ' +
      'of the groups the person is put into must carry only permissions the caller holds (403 forbidden).',
    access: ACCESS.manageDirectory,
    params: DomainParams,
    body: CreateMemberBody,
    response: { status: 201, name: 'CreatedMember', schema: CreatedMember, description: 'The member and token.' },
    errors: [409, 422],
  },
  updateMember: {
    method: 'PATCH',
    path: `${DOMAIN}/members/{id}`,
    summary: 'Change a person’s roles, groups or enabled state; disabling stops their personal tokens at once',
    description:
      'No one disables themselves, and the domain always keeps an enabled person holding member.manage: a ' +
      'change that would leave none (the last Admin dropping their own role, say) is 422. A service-account ' +
      'token with an expiry or a max RPS cannot enable a person, or give them a role or a group, while they ' +
      'hold a live active personal token (403 beyond_own_limits): they could make one with no limits. The ' +
      'ceiling (403 forbidden): roles added, the bundles of groups added, and, when the person is enabled again, ' +
      'all their roles and bundles must carry only permissions the caller holds; the Admin role only an Admin gives.',
    access: ACCESS.manageDirectory,
    params: MemberParams,
    body: PatchMemberBody,
    response: { status: 200, name: 'Member', schema: Member, description: 'The member after the change.' },
    errors: [422],
  },
  deleteMember: {
    method: 'DELETE',
    path: `${DOMAIN}/members/{id}`,
    summary: 'Delete a person; their personal tokens are deactivated in the same transaction',
    description: 'No one deletes themselves, nor the last enabled person holding member.manage (422 for either).',
    access: ACCESS.manageDirectory,
    params: MemberParams,
    response: DELETED,
    errors: [422],
  },
  createGroup: {
    method: 'POST',
    path: `${DOMAIN}/groups`,
    summary: 'Create a group (member.manage)',
    access: ACCESS.manageDirectory,
    params: DomainParams,
    body: CreateGroupBody,
    response: { status: 201, name: 'Group', schema: Group, description: 'The new group.' },
    errors: [409],
  },
  updateGroup: {
    method: 'PATCH',
    path: `${DOMAIN}/groups/{name}`,
    summary: 'Change a group’s description (member.manage); the name is its identity',
    access: ACCESS.manageDirectory,
    params: GroupParams,
    body: PatchGroupBody,
    response: { status: 200, name: 'Group', schema: Group, description: 'The group after the change.' },
  },
  deleteGroup: {
    method: 'DELETE',
    path: `${DOMAIN}/groups/{name}`,
    summary: 'Delete a group; its members and service accounts leave it (member.manage)',
    description:
      'Its people lose its bundles: a delete that would leave no enabled person holding member.manage is 422.',
    access: ACCESS.manageDirectory,
    params: GroupParams,
    response: DELETED,
    errors: [422],
  },
} as const satisfies Record<string, RouteContract>;
