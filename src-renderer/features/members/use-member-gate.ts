import { useCanChange } from '../../components/use-can-change.js';
import { useMe } from '../../data/connection-data.js';

export const MEMBER_MANAGE_REASON = 'Your roles do not allow you to manage members (it needs member.manage).';

/** Offline first, then the admin's own permissions from the cached /me: null when they may manage members. */
export function useMemberGate(): { reason: string | null; mayManage: boolean } {
  const online = useCanChange();
  const mayManage = useMe()?.permissions.includes('member.manage') ?? false;
  if (!mayManage) return { reason: MEMBER_MANAGE_REASON, mayManage };
  return { reason: online.canChange ? null : online.reason, mayManage };
}
