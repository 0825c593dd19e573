import { permissionNames } from '../../../src-shared/permissions.js';
import { useCanChange } from '../../components/use-can-change.js';
import { ACCESS, permissionRefusal } from '../../../src-shared/authz.js';
import { useBundles, useMe } from '../../data/connection-data.js';

/** The shared rule's words, so the screen says what the server would (with no bundle in the domain). */
export const MEMBER_MANAGE_REASON = permissionRefusal(ACCESS.manageDirectory);

/**
 * Offline first, then the admin's own effective permissions from the cached /me: null when they may
 * manage members. The refusal names the ways to member.manage: the roles, and the domain's bundles that
 * carry it.
 */
export function useMemberGate(): { reason: string | null; mayManage: boolean } {
  const online = useCanChange();
  const bundles = useBundles();
  const mayManage = permissionNames(useMe()?.permissions ?? []).includes('member.manage') ?? false;
  if (!mayManage) return { reason: permissionRefusal(ACCESS.manageDirectory, bundles), mayManage };
  return { reason: online.canChange ? null : online.reason, mayManage };
}
