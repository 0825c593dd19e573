import type { Actor, Decision } from '../../src-shared/authz.js';
import { permissionsOf, type Permission, type RoleName } from '../../src-shared/roles.js';
import { forbidden, HttpError } from '../http/errors.js';
import type { GroupRef } from '../store/groups.js';
import type { MemberType } from '../store/members.js';
import type { TokenKindCode } from '../store/tokens.js';

/** Who is calling, resolved from their token once per request. */
export interface Caller {
  memberId: string;
  memberName: string;
  type: MemberType;
  domainId: string;
  domainName: string;
  /** Effective roles: a personal token acts with its owner's roles, a service-account token with the
   * roles it was given that its account still has. */
  roles: RoleName[];
  permissions: Permission[];
  groups: GroupRef[];
  groupIds: ReadonlySet<string>;
  tokenId: string;
  tokenKind: TokenKindCode;
  /** The token's requests-per-second cap, or null for none. */
  maxRps: number | null;
  /** When the token stops working (its expiry, or the end of its rotation grace), or null for never. */
  tokenExpiresAt: string | null;
}

export function effectiveRoles(kind: TokenKindCode, memberRoles: RoleName[], tokenRoles: RoleName[]): RoleName[] {
  if (kind === 'pt') return memberRoles;
  const granted = new Set(tokenRoles);
  return memberRoles.filter((r) => granted.has(r));
}

export function callerPermissions(roles: RoleName[]): Permission[] {
  return permissionsOf(roles);
}

export function requirePermission(caller: Caller, permission: Permission): void {
  if (!caller.permissions.includes(permission)) {
    throw forbidden(`Your roles do not allow this: it needs the ${permission} permission.`);
  }
}

export function requireRole(caller: Caller, role: RoleName): void {
  if (!caller.roles.includes(role)) throw forbidden(`Only members with the ${role} role can do this.`);
}

export function sharesGroup(caller: Caller, groupIds: readonly string[]): boolean {
  return groupIds.some((id) => caller.groupIds.has(id));
}

/**
 * Whether the caller manages tokens at all (access_token.manage or Admin). Seeing a given account's
 * tokens also needs a shared group (seed 002), which list pages check per account in SQL.
 */
export function mayManageTokens(caller: Caller): boolean {
  return caller.permissions.includes('access_token.manage') || caller.roles.includes('Admin');
}

/** The caller as the shared rules in src-shared/authz.ts see it: the same input the app gives them. */
export function actorOf(caller: Caller): Actor {
  return { roles: caller.roles, permissions: caller.permissions, groups: caller.groups.map((g) => g.name) };
}

/** Turns a shared-rule refusal into the 403 the app predicted, with the same code and words. */
export function enforce(decision: Decision): void {
  if (!decision.allowed) throw new HttpError(403, decision.code, decision.reason);
}

/**
 * The permission half of a per-account rule, before the account is looked up: a caller without the
 * permission gets 403 whether or not the account exists. The group half needs the account.
 */
export function enforcePermission(
  caller: Caller,
  rule: (actor: Actor, account: { groups: readonly string[] }) => Decision,
): void {
  const decision = rule(actorOf(caller), { groups: [] });
  if (!decision.allowed && decision.code === 'forbidden') enforce(decision);
}
