import { ACCESS } from '../../authz.js';
import {
  Bundle,
  BundleListResponse,
  BundleParams,
  CreateBundleBody,
  GrantedBundles,
  PatchBundleBody,
  SetBundlesBody,
} from '../bundles.js';
import { DomainParams, GroupParams, MemberParams } from '../params.js';
import { API_PREFIX, DELETED, type RouteContract } from '../route-contract.js';

const DOMAIN = `${API_PREFIX}/domains/{domain}`;
const ALIASES =
  'Permissions may be named by their catalogue name or their IOMETE alias (MANAGE_ACCESS_TOKEN is ' +
  'access_token.manage); the answer always uses catalogue names.';

/**
 * Domain authorization bundles (custom roles): Admins define them, member.manage grants them to people
 * and groups. A person holds their roles' permissions plus their own and their groups' bundles';
 * service accounts take nothing from bundles.
 */
export const bundleRoutes = {
  listBundles: {
    method: 'GET',
    path: `${DOMAIN}/bundles`,
    summary: 'The bundles of a domain, by name (member.read)',
    access: ACCESS.readBundles,
    params: DomainParams,
    response: { status: 200, name: 'BundleListResponse', schema: BundleListResponse, description: 'Every bundle.' },
  },
  createBundle: {
    method: 'POST',
    path: `${DOMAIN}/bundles`,
    summary: 'Define a bundle: a name, a description and permissions from the catalogue (Admin)',
    description: ALIASES,
    access: ACCESS.defineBundles,
    params: DomainParams,
    body: CreateBundleBody,
    response: { status: 201, name: 'Bundle', schema: Bundle, description: 'The new bundle.' },
    errors: [409],
  },
  getBundle: {
    method: 'GET',
    path: `${DOMAIN}/bundles/{name}`,
    summary: 'One bundle (member.read)',
    access: ACCESS.readBundles,
    params: BundleParams,
    response: { status: 200, name: 'Bundle', schema: Bundle, description: 'The bundle.' },
  },
  updateBundle: {
    method: 'PATCH',
    path: `${DOMAIN}/bundles/{name}`,
    summary: 'Change a bundle’s description or permissions (Admin); everyone holding it changes at once',
    description: ALIASES,
    access: ACCESS.defineBundles,
    params: BundleParams,
    body: PatchBundleBody,
    response: { status: 200, name: 'Bundle', schema: Bundle, description: 'The bundle after the change.' },
  },
  deleteBundle: {
    method: 'DELETE',
    path: `${DOMAIN}/bundles/{name}`,
    summary: 'Delete a bundle; the people and groups holding it lose it (Admin)',
    access: ACCESS.defineBundles,
    params: BundleParams,
    response: DELETED,
  },
  setMemberBundles: {
    method: 'PUT',
    path: `${DOMAIN}/members/{id}/bundles`,
    summary: 'Set the bundles granted to a person: the whole new set (member.manage)',
    access: ACCESS.manageDirectory,
    params: MemberParams,
    body: SetBundlesBody,
    response: { status: 200, name: 'GrantedBundles', schema: GrantedBundles, description: 'The bundles now granted.' },
    errors: [422],
  },
  setGroupBundles: {
    method: 'PUT',
    path: `${DOMAIN}/groups/{name}/bundles`,
    summary: 'Set the bundles granted to a group, held by every person in it: the whole new set (member.manage)',
    access: ACCESS.manageDirectory,
    params: GroupParams,
    body: SetBundlesBody,
    response: { status: 200, name: 'GrantedBundles', schema: GrantedBundles, description: 'The bundles now granted.' },
    errors: [422],
  },
} as const satisfies Record<string, RouteContract>;
