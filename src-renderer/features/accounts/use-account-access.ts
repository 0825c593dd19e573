import {
  canChangeServiceAccount,
  canCreateServiceAccount,
  canGrantRoles,
  canManageTokens,
  type Decision,
} from '../../../src-shared/authz.js';
import type { Me } from '../../../src-shared/api/models.js';
import { useCanChange } from '../../components/use-can-change.js';
import { useMe } from '../../data/connection-data.js';

/** Whether an action may be taken now, and if not, the one reason to show. */
export type Gate = { allowed: true; reason: null } | { allowed: false; reason: string };

const ALLOWED: Gate = { allowed: true, reason: null };
const NO_DATA: Decision = {
  allowed: false,
  code: 'forbidden',
  reason: 'Wait for the first sync: TokenDesk does not know your roles on this server yet.',
};

/**
 * Offline first (nothing can change until the server is back), then what the admin's own roles
 * and groups allow, from the cached `/me` and the same shared rules the server enforces.
 */
function useGate(decide: (me: Me) => Decision): Gate {
  const me = useMe();
  const online = useCanChange();
  if (!online.canChange) return { allowed: false, reason: online.reason };
  const decision = me ? decide(me) : NO_DATA;
  return decision.allowed ? ALLOWED : { allowed: false, reason: decision.reason };
}

export function useCreateGate(): Gate {
  return useGate((me) => canCreateServiceAccount(me));
}

/** Edit, enable/disable and delete of one account. */
export function useChangeGate(account: { groups: readonly string[] }): Gate {
  return useGate((me) => canChangeServiceAccount(me, account));
}

/** Create, suspend, max RPS, rotate and delete of one account's tokens, under the same-group rule. */
export function useTokenGate(account: { groups: readonly string[] }): Gate {
  return useGate((me) => canManageTokens(me, account));
}

/**
 * Why the user may not give a token rights back — reactivate it, raise or remove its max RPS, rotate it —
 * or null when they may. It is the ceiling of a create (canGrantRoles on the token's roles), as the server
 * checks it. Taking rights away (suspend, lower the cap, delete) needs only the token gate.
 */
export function useGrantReason(): (token: { roles: readonly string[] }) => string | null {
  const me = useMe();
  return (token) => {
    if (!me) return null; // the token gate already says the roles are not known yet
    const decision = canGrantRoles(me, token.roles);
    return decision.allowed ? null : decision.reason;
  };
}
