import type { Actor, Decision } from '../../src-shared/authz.js';
import { permissionsOf, type Permission, type RoleName } from '../../src-shared/roles.js';
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
