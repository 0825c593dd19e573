import type { TokenPolicy } from '../../src-shared/token-policy.js';
import { useMutationState, useQuery } from '@tanstack/react-query';
import type { Bundle } from '../../src-shared/api/bundles.js';
import type { Me } from '../../src-shared/api/models.js';
import type { AppError } from '../../src-shared/errors.js';
import type { ConnectionView, Snapshot, SyncStatus } from '../../src-shared/ipc/models.js';
import { appErrorOf } from '../bridge.js';
import { useAppStore } from '../store/app-store.js';
import { connectionsQuery, snapshotQuery, syncStatusQuery } from './queries.js';
import { mutationKeys } from './query-keys.js';

/** What the screens read about the chosen connection: each a query, or a pick from one. */

export function useSelectedConnectionId(): string | null {
  return useAppStore((state) => state.selectedConnectionId);
}

export function useSelectedConnection(): ConnectionView | null {
  const id = useSelectedConnectionId();
  const { data } = useQuery(connectionsQuery());
  return data?.find((connection) => connection.id === id) ?? null;
}

/**
 * The id of the token the chosen connection itself uses (main learns it from /me), null until known:
 * that token is marked "Used by this app", and suspending or deleting it is confirmed first.
 */
export function useOwnTokenId(): string | null {
  return useSelectedConnection()?.tokenId ?? null;
}

const selectMe = (snapshot: Snapshot | null): Me | null => snapshot?.me ?? null;

/**
 * The service account the chosen connection signs in as (its token is one of that account's tokens),
 * null when it signs in as a person or before the first sync: that account is marked "Used by this app",
 * and disabling or deleting it is confirmed first.
 */
export function useOwnAccountId(): string | null {
  const me = useMe();
  return me?.type === 'SERVICE_ACCOUNT' ? me.id : null;
}

/** The chosen connection's cached snapshot: null before its first sync, undefined while it loads. */
export function useSnapshot() {
  const id = useSelectedConnectionId();
  return useQuery({ ...snapshotQuery(id ?? ''), enabled: id !== null });
}

/** Who the user is on the chosen connection (from its snapshot), null until known. */
export function useMe(): Me | null {
  const id = useSelectedConnectionId();
  const { data } = useQuery({ ...snapshotQuery(id ?? ''), enabled: id !== null, select: selectMe });
  return id === null ? null : (data ?? null);
}

const NO_BUNDLES: readonly Bundle[] = [];
const selectBundles = (snapshot: Snapshot | null): readonly Bundle[] => snapshot?.bundles ?? NO_BUNDLES;

/**
 * The domain's bundles (from the snapshot; empty until known or without member.read): pre-flight
 * refusals name those that carry a missing permission (the shared rules' KnownBundles).
 */
export function useBundles(): readonly Bundle[] {
  const id = useSelectedConnectionId();
  const { data } = useQuery({ ...snapshotQuery(id ?? ''), enabled: id !== null, select: selectBundles });
  return id === null ? NO_BUNDLES : (data ?? NO_BUNDLES);
}

const selectPolicy = (snapshot: Snapshot | null): TokenPolicy | null => snapshot?.tokenPolicy ?? null;

/**
 * The domain's token policy on the chosen connection (from its snapshot, so offline too); null until
 * known or when the server does not say. The token dialogs disable what it would refuse.
 */
export function useTokenPolicy(): TokenPolicy | null {
  const id = useSelectedConnectionId();
  const { data } = useQuery({ ...snapshotQuery(id ?? ''), enabled: id !== null, select: selectPolicy });
  return id === null ? null : (data ?? null);
}

export function useSyncStatus(connectionId: string | null): SyncStatus | null {
  const { data } = useQuery({ ...syncStatusQuery(connectionId ?? ''), enabled: connectionId !== null });
  return connectionId === null ? null : (data ?? null);
}

export function useSelectedSyncStatus(): SyncStatus | null {
  return useSyncStatus(useSelectedConnectionId());
}

/** Whether the chosen connection's server answers (main's one link state); null before it is known. */
export function useLink(): SyncStatus['link'] | null {
  return useSelectedSyncStatus()?.link ?? null;
}

/** Whether the app is read-only now: the server does not answer, or it refused the token. */
export function useIsOffline(): boolean {
  const state = useLink()?.state;
  return state !== undefined && state !== 'online';
}

/** A sync:run call of this connection that failed before main could report a status; null otherwise. */
export function useSyncCallError(connectionId: string | null): AppError | null {
  const failures = useMutationState({
    filters: { mutationKey: mutationKeys.sync(connectionId ?? ''), exact: true },
    select: (mutation) => (mutation.state.status === 'error' ? appErrorOf(mutation.state.error) : null),
  });
  return connectionId === null ? null : (failures.at(-1) ?? null);
}
