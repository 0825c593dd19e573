import {
  canChangeServiceAccount,
  canCreateServiceAccount,
  canIssueToken,
  canManageTokens,
  canSetAccountPermissions,
  type AccountPermissions,
  type Actor,
  type Decision,
  type KnownBundles,
} from '../../../src-shared/authz.js';
import { meActor } from '../../../src-shared/api/me.js';
import { useMemo } from 'react';
import type { Me } from '../../../src-shared/api/models.js';
import { useCanChange, type CanChange } from '../../components/use-can-change.js';
import { useBundles, useMe, useOwnAccountId, useSelectedConnectionId } from '../../data/connection-data.js';
import { useEnabledPendingIds } from './account-mutations.js';

/** Whether an action may be taken now, and if not, the one reason to show. */
export type Gate = { allowed: true; reason: null } | { allowed: false; reason: string };

const ALLOWED: Gate = { allowed: true, reason: null };
const NO_DATA: Decision = {
  allowed: false,
  code: 'forbidden',
  reason: 'Wait for the first sync: TokenDesk does not know your roles on this server yet.',
};

/**
 * Offline first (nothing can change until the server is back), then what the admin's own effective
 * permissions and groups allow, from the cached `/me` and the same shared rules the server enforces.
 * A refusal names the ways to the missing permission: the roles, and the domain's bundles that carry it.
 */
function useGate(decide: (me: Actor, known: KnownBundles) => Decision): Gate {
  const known = { bundles: useBundles() };
  return gateOf(useMe(), useCanChange(), (me) => decide(me, known));
}

function gateOf(me: Me | null, online: CanChange, decide: (me: Actor) => Decision): Gate {
  if (!online.canChange) return { allowed: false, reason: online.reason };
  const decision = me ? decide(meActor(me)) : NO_DATA;
  return decision.allowed ? ALLOWED : { allowed: false, reason: decision.reason };
}

export function useCreateGate(): Gate {
  return useGate((me, known) => canCreateServiceAccount(me, known));
}

/** Edit, enable/disable and delete of one account. */
export function useChangeGate(account: { groups: readonly string[] }): Gate {
  return useGate((me, known) => canChangeServiceAccount(me, account, known));
}

/** Create, suspend, max RPS, rotate and delete of one account's tokens, under the same-group rule. */
export function useTokenGate(account: { groups: readonly string[] }): Gate {
  return useGate((me, known) => canManageTokens(me, account, known));
}

/** A service account's permissions as the ceiling reads them: every token of it holds its grants, less its denies. */
type Overrides = { grants: readonly string[]; denies: readonly string[] };

/**
 * Why the user may not give a token rights back — reactivate it, raise or remove its max RPS, rotate it —
 * or null when they may. It is the ceiling of a create (canIssueToken: the token's roles and its
 * account's grants, less its denies), as the server checks it. Taking rights away (suspend, lower the
 * cap, delete) needs only the token gate.
 */
export function useGrantReason(): (token: { roles: readonly string[] }, account: Overrides) => string | null {
  const me = useMe();
  return (token, account) => reasonOf(me, (actor) => canIssueToken(actor, token.roles, account));
}

/** Why the user may not turn an account on again (it brings back everything it holds), or null. */
function enableReasonOf(me: Me | null, account: AccountPermissions): string | null {
  return reasonOf(me, (actor) => canSetAccountPermissions(actor, null, account));
}

function reasonOf(me: Me | null, decide: (actor: Actor) => Decision): string | null {
  if (!me) return null; // the token gate already says the roles are not known yet
  const decision = decide(meActor(me));
  return decision.allowed ? null : decision.reason;
}

/**
 * What an account's controls (its enabled switch, its delete) need to know besides the account. The
 * list reads it once for all its rows: a row that read it itself would subscribe to the cache
 * several times as it mounts, and a search keystroke mounts a screenful of rows. The same object
 * while none of it changes, so memoised rows stay put.
 */
export type AccountAccess = {
  connectionId: string | null;
  /** The account this connection signs in as (marked "Used by this app"); null if none. */
  ownAccountId: string | null;
  /** Accounts whose enable/disable is waiting for the server. */
  pendingIds: ReadonlySet<string>;
  /** As useChangeGate, for any account. */
  changeGate: (account: { groups: readonly string[] }) => Gate;
  /** Why the user may not enable an account again (the ceiling over all it holds), or null. */
  enableReason: (account: AccountPermissions) => string | null;
};

export function useAccountAccess(): AccountAccess {
  const connectionId = useSelectedConnectionId();
  const ownAccountId = useOwnAccountId();
  const pendingIds = useEnabledPendingIds(connectionId);
  const me = useMe();
  const bundles = useBundles();
  const { reason } = useCanChange();
  return useMemo(() => {
    const online: CanChange = reason === null ? { canChange: true, reason: null } : { canChange: false, reason };
    return {
      connectionId,
      ownAccountId,
      pendingIds,
      changeGate: (account) => gateOf(me, online, (m) => canChangeServiceAccount(m, account, { bundles })),
      enableReason: (account) => enableReasonOf(me, account),
    };
  }, [connectionId, ownAccountId, pendingIds, me, bundles, reason]);
}
