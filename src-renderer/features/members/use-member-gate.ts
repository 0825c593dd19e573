import { permissionNames } from '../../../src-shared/permissions.js';
import { useCanChange } from '../../components/use-can-change.js';
import { ACCESS, permissionRefusal } from '../../../src-shared/authz.js';
import { useMe } from '../../data/connection-data.js';

/** The shared rule's words, so the screen says what the server would. */
export const MEMBER_MANAGE_REASON = permissionRefusal(ACCESS.manageDirectory);

/** Offline first, then the admin's own permissions from the cached /me: null when they may manage members. */
export function useMemberGate(): { reason: string | null; mayManage: boolean } {
  const online = useCanChange();
  const mayManage = permissionNames(useMe()?.permissions ?? []).includes('member.manage') ?? false;
  if (!mayManage) return { reason: MEMBER_MANAGE_REASON, mayManage };
  return { reason: online.canChange ? null : online.reason, mayManage };
}
