import { canSetAccountPermissions, type AccountPermissions, type Actor } from '../../src-shared/authz.js';
import {
  PERMISSION_INFO,
  PERMISSIONS_BY_RESOURCE,
  effectivePermissions,
  type Resource,
} from '../../src-shared/permissions.js';
import { PERMISSIONS, permissionsOf, type Permission } from '../../src-shared/roles.js';

/**
 * The Permissions tab's edits of one service account. The account holds its roles' permissions plus its
 * grants, minus its denies (src-shared/permissions.ts); the tab shows one checkbox per permission, ticked
 * when the account holds it, and turns each tick or untick into grants and denies:
 * - unticking a permission a role gives adds a deny (and drops a grant of it, which the deny would beat);
 * - unticking a granted one removes the grant;
 * - ticking one no role gives adds a grant;
 * - ticking a denied one removes the deny (and grants it when no role gives it).
 * A permission ticked back to what the account holds keeps the account's own grant and deny as they were,
 * so an edit undone is no change at all.
 */
export type { AccountPermissions };

/** What the account's permissions are to become: a wanted yes or no per permission the user changed. */
export type PermissionDraft = ReadonlyMap<Permission, boolean>;

/** Where a permission stands on the account, in the words of the tab. */
export type PermissionStanding = 'role' | 'granted' | 'denied' | 'none';

export interface PermissionRow {
  permission: Permission;
  allows: string;
  /** The account's roles that carry it, in role order. */
  roles: string[];
  granted: boolean;
  denied: boolean;
  /** Whether the account holds it now (as saved). */
  held: boolean;
  /** Whether it will hold it once the draft is saved. */
  wanted: boolean;
  standing: PermissionStanding;
}

export interface PermissionSection {
  resource: Resource;
  rows: PermissionRow[];
}

const inCatalogueOrder = (set: ReadonlySet<string>): Permission[] => PERMISSIONS.filter((p) => set.has(p));

/** The permissions the account holds, by name, in catalogue order. */
export function heldPermissions(account: AccountPermissions): Permission[] {
  return effectivePermissions(account).map((e) => e.permission);
}

/** The account's grants and denies once `draft` is applied (catalogue order; unchanged ones as they were). */
export function overridesAfter(
  account: AccountPermissions,
  draft: PermissionDraft,
): { grants: Permission[]; denies: Permission[] } {
  const fromRoles = new Set<string>(permissionsOf(account.roles));
  const held = new Set<string>(heldPermissions(account));
  const grants = new Set<string>(account.grants);
  const denies = new Set<string>(account.denies);
  for (const [permission, wanted] of draft) {
    if (wanted === held.has(permission)) continue;
    if (wanted) {
      denies.delete(permission);
      if (!fromRoles.has(permission)) grants.add(permission);
    } else {
      grants.delete(permission);
      if (fromRoles.has(permission)) denies.add(permission);
    }
  }
  return { grants: inCatalogueOrder(grants), denies: inCatalogueOrder(denies) };
}

/** One row per catalogue permission, grouped by resource, with where it stands now and after the draft. */
export function permissionSections(
  account: AccountPermissions,
  draft: PermissionDraft = new Map(),
): PermissionSection[] {
  const held = new Set<string>(heldPermissions(account));
  const byRole = new Map(effectivePermissions({ roles: account.roles }).map((e) => [e.permission, e.sources]));
  const row = (permission: Permission): PermissionRow => {
    const roles = (byRole.get(permission) ?? []).map((source) => source.name);
    const granted = account.grants.includes(permission);
    const denied = account.denies.includes(permission);
    const isHeld = held.has(permission);
    return {
      permission,
      allows: PERMISSION_INFO[permission].allows,
      roles,
      granted,
      denied,
      held: isHeld,
      wanted: draft.get(permission) ?? isHeld,
      standing: denied ? 'denied' : roles.length > 0 ? 'role' : granted ? 'granted' : 'none',
    };
  };
  return PERMISSIONS_BY_RESOURCE.map(({ resource, permissions }) => ({ resource, rows: permissions.map(row) }));
}

/** The draft with one checkbox set; a box set back to what the account holds leaves the draft. */
export function setWanted(
  account: AccountPermissions,
  draft: PermissionDraft,
  permission: Permission,
  wanted: boolean,
): PermissionDraft {
  const next = new Map(draft);
  if (heldPermissions(account).includes(permission) === wanted) next.delete(permission);
  else next.set(permission, wanted);
  return next;
}

export interface PermissionChange {
  /** Permissions the account (and so its tokens) will hold and does not now. */
  gains: Permission[];
  /** Permissions it holds now and will not. */
  losses: Permission[];
  grants: Permission[];
  denies: Permission[];
  /** Whether the grants or denies differ from the account's: whether there is anything to save. */
  changed: boolean;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** What saving the draft changes: the gains and losses for the preview, and the overrides to send. */
export function permissionChange(account: AccountPermissions, draft: PermissionDraft): PermissionChange {
  const { grants, denies } = overridesAfter(account, draft);
  const before = new Set(heldPermissions(account));
  const after = new Set(heldPermissions({ roles: account.roles, grants, denies }));
  const changed =
    !sameList(grants, inCatalogueOrder(new Set(account.grants))) ||
    !sameList(denies, inCatalogueOrder(new Set(account.denies)));
  return {
    gains: PERMISSIONS.filter((p) => after.has(p) && !before.has(p)),
    losses: PERMISSIONS.filter((p) => before.has(p) && !after.has(p)),
    grants,
    denies,
    changed,
  };
}

/**
 * The ceiling on ticking a box: the server's rule (canSetAccountPermissions), asked of the change that
 * box alone makes to the account as saved. Giving a permission the account does not hold needs the user
 * to hold it; unticking, or ticking back what the account holds, hands nothing out.
 */
export function tickRefusal(actor: Actor, account: AccountPermissions, permission: Permission): string | null {
  const after = overridesAfter(account, new Map([[permission, true]]));
  const decision = canSetAccountPermissions(actor, account, { roles: account.roles, ...after });
  return decision.allowed ? null : decision.reason;
}

/** The whole change under the same ceiling, as the server will judge the save. */
export function changeRefusal(actor: Actor, account: AccountPermissions, change: PermissionChange): string | null {
  const after = { roles: account.roles, grants: change.grants, denies: change.denies };
  const decision = canSetAccountPermissions(actor, account, after);
  return decision.allowed ? null : decision.reason;
}
