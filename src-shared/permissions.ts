/**
 * The permission model beyond the built-in roles: what each permission allows, IOMETE's names for
 * them, and how a principal's effective permissions come together from their sources.
 *
 * - A person holds the permissions of their built-in roles, of their own bundles and of the bundles of
 *   their groups.
 * - A service account holds the permissions of its roles, plus its grants, minus its denies. It takes
 *   nothing from its groups' bundles: its groups decide who may manage it, and putting an account into a
 *   group must not hand it rights.
 * - A service-account token holds its own roles' permissions (a subset of its account's roles) plus the
 *   account's grants, minus the account's denies, so a grant or a deny reaches existing tokens at once.
 * - A deny always wins, over a role and over a grant.
 */
import { BUILT_IN_ROLES, PERMISSIONS, type Permission } from './roles.js';

export const RESOURCES = ['Service accounts', 'Tokens', 'Members and groups', 'Audit', 'Request logs'] as const;
export type Resource = (typeof RESOURCES)[number];

export interface PermissionInfo {
  resource: Resource;
  /** What holding it allows, in one line. */
  allows: string;
  /** The name IOMETE's bundle-based (v2) Domain Authorization gives it. */
  alias: string;
}

/** Every permission of the catalogue: its resource, what it allows, and its alias. */
export const PERMISSION_INFO: Readonly<Record<Permission, PermissionInfo>> = {
  'service_account.read': {
    resource: 'Service accounts',
    allows: 'See service accounts, their roles, groups and token details (never a secret).',
    alias: 'VIEW_SERVICE_ACCOUNT',
  },
  'service_account.manage': {
    resource: 'Service accounts',
    allows: 'Create service accounts, and change, disable or delete those in a group you share.',
    alias: 'MANAGE_SERVICE_ACCOUNT',
  },
  'access_token.manage': {
    resource: 'Tokens',
    allows: 'Issue, suspend, rate-cap, rotate and revoke tokens of service accounts in a group you share.',
    alias: 'MANAGE_ACCESS_TOKEN',
  },
  'member.read': {
    resource: 'Members and groups',
    allows: 'See the people, groups and bundles of the domain.',
    alias: 'VIEW_MEMBER',
  },
  'member.manage': {
    resource: 'Members and groups',
    allows: 'Add, change and remove people and groups, and grant bundles to them.',
    alias: 'MANAGE_MEMBER',
  },
  'audit.read': { resource: 'Audit', allows: 'Read the audit log of the domain.', alias: 'VIEW_AUDIT' },
  'log.read': {
    resource: 'Request logs',
    allows: 'Read the request logs of service accounts in a group you share.',
    alias: 'VIEW_REQUEST_LOG',
  },
};

/** The catalogue by resource, in RESOURCES order (resources without a permission left out): how lists show it. */
export const PERMISSIONS_BY_RESOURCE: readonly { resource: Resource; permissions: readonly Permission[] }[] =
  RESOURCES.map((resource) => ({
    resource,
    permissions: PERMISSIONS.filter((p) => PERMISSION_INFO[p].resource === resource),
  })).filter((section) => section.permissions.length > 0);

/** `value` with `permission` ticked on or off, in catalogue order: what every permission checklist keeps. */
export function withPermission(value: readonly Permission[], permission: Permission, on: boolean): Permission[] {
  return PERMISSIONS.filter((p) => (p === permission ? on : value.includes(p)));
}

const BY_ALIAS: ReadonlyMap<string, Permission> = new Map(PERMISSIONS.map((p) => [PERMISSION_INFO[p].alias, p]));

/** A permission by its catalogue name or its alias (`MANAGE_ACCESS_TOKEN` ⇒ `access_token.manage`), or null. */
export function permissionNamed(name: string): Permission | null {
  if ((PERMISSIONS as readonly string[]).includes(name)) return name as Permission;
  return BY_ALIAS.get(name) ?? null;
}

/**
 * Permissions named by catalogue name or alias, as catalogue names, each once, in catalogue order (how
 * every answer lists them); an unknown name is left out.
 */
export function inCatalogueOrder(names: Iterable<string>): Permission[] {
  const known = new Set<Permission>();
  for (const name of names) {
    const permission = permissionNamed(name);
    if (permission !== null) known.add(permission);
  }
  return PERMISSIONS.filter((p) => known.has(p));
}

/** Where one of a principal's permissions comes from: a built-in role, a bundle, or a grant on the account. */
export type PermissionSourceKind = 'role' | 'bundle' | 'grant';
export interface PermissionSource {
  kind: PermissionSourceKind;
  /** The role's or the bundle's name; for a grant, the name of the account that holds it. */
  name: string;
}
export interface EffectivePermission {
  permission: Permission;
  sources: PermissionSource[];
}

export interface BundleGrant {
  name: string;
  permissions: readonly string[];
}

/** Everything a principal's permissions are made of. Bundles are already resolved to their permissions. */
export interface PermissionInputs {
  roles: readonly string[];
  /** A person's own bundles and their groups' bundles (each once); always empty for a service account. */
  bundles?: readonly BundleGrant[];
  /** A service account's grants and denies, on the account named `account`. */
  grants?: readonly string[];
  denies?: readonly string[];
  account?: string;
}

/**
 * The permissions a principal holds, each with every source that gives it, in catalogue order. A denied
 * permission is left out whatever gives it.
 */
export function effectivePermissions(inputs: PermissionInputs): EffectivePermission[] {
  const denied = new Set(inputs.denies ?? []);
  const sources = new Map<Permission, PermissionSource[]>();
  const add = (permission: string, source: PermissionSource) => {
    const known = permissionNamed(permission);
    if (known === null || denied.has(known)) return;
    const list = sources.get(known) ?? [];
    if (!list.some((s) => s.kind === source.kind && s.name === source.name)) list.push(source);
    sources.set(known, list);
  };
  for (const role of BUILT_IN_ROLES) {
    if (inputs.roles.includes(role.name)) role.permissions.forEach((p) => add(p, { kind: 'role', name: role.name }));
  }
  for (const bundle of inputs.bundles ?? [])
    bundle.permissions.forEach((p) => add(p, { kind: 'bundle', name: bundle.name }));
  for (const grant of inputs.grants ?? []) add(grant, { kind: 'grant', name: inputs.account ?? '' });
  return PERMISSIONS.flatMap((permission) => {
    const from = sources.get(permission);
    return from ? [{ permission, sources: from }] : [];
  });
}

/** Only the names: what the access rules (src-shared/authz.ts) read. */
export function permissionNames(effective: readonly EffectivePermission[]): Permission[] {
  return effective.map((e) => e.permission);
}

/**
 * The ways to come by a permission, in words for a refusal: the built-in roles that carry it and the
 * domain's bundles that do ("the Admin, Power User or Deployment role, or the token-operators bundle").
 */
export function waysToGet(permission: Permission, bundles: readonly BundleGrant[] = []): string {
  const roles = BUILT_IN_ROLES.filter((r) => r.permissions.includes(permission)).map((r) => r.name);
  const carrying = bundles.filter((b) => b.permissions.some((p) => permissionNamed(p) === permission));
  const roleWords = `the ${joinOr(roles)} role`;
  if (carrying.length === 0) return roleWords;
  const names = carrying.slice(0, 3).map((b) => b.name);
  const more = carrying.length > 3 ? ` (or ${carrying.length - 3} more)` : '';
  return `${roleWords}, or the ${joinOr(names)} bundle${carrying.length === 1 ? '' : 's'}${more}`;
}

function joinOr(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
