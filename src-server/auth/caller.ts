import type { Actor, Decision } from '../../src-shared/authz.js';
import { effectivePermissions, type BundleGrant, type EffectivePermission } from '../../src-shared/permissions.js';
import type { Permission, RoleName } from '../../src-shared/roles.js';
import { HttpError } from '../http/errors.js';
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
  /** The names of `effective`: what the access rules read. */
  permissions: Permission[];
  /** Every permission the caller holds with its sources (see effectiveCallerPermissions); /me answers it. */
  effective: EffectivePermission[];
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

/**
 * What a request may do (issue 12). A person (personal token) holds their roles' permissions plus their
 * own bundles and their groups' bundles. A service-account token holds its roles that the account still
 * has, plus the account's grants, minus the account's denies: bundles never reach an account, and a
 * grant or deny takes effect on existing tokens at once.
 */
export function effectiveCallerPermissions(
  member: { type: MemberType; name: string; grants: string; denies: string },
  roles: RoleName[],
  bundles: () => BundleGrant[],
): EffectivePermission[] {
  if (member.type === 'HUMAN') return effectivePermissions({ roles, bundles: bundles() });
  return effectivePermissions({
    roles,
    grants: JSON.parse(member.grants) as string[],
    denies: JSON.parse(member.denies) as string[],
    account: member.name,
  });
}

/** The caller as the shared rules in src-shared/authz.ts see it: the same input the app gives them. */
export function actorOf(caller: Caller): Actor {
  return {
    roles: caller.roles,
    permissions: caller.permissions,
    groups: caller.groups.map((g) => g.name),
    type: caller.type,
  };
}

/** Turns a shared-rule refusal into the 403 the app predicted, with the same code and words. */
export function enforce(decision: Decision): void {
  if (!decision.allowed) throw new HttpError(403, decision.code, decision.reason);
}
