import type { TokenPolicy } from '../../src-shared/token-policy.js';
import { act } from '@testing-library/react';
import type { Bundle } from '../../src-shared/api/bundles.js';
import type { Group, Member } from '../../src-shared/api/directory.js';
import type { AccountDetail, AccountRow, ConnectionView, Snapshot, SyncStatus } from '../../src-shared/ipc/models.js';
import { queryClient } from '../data/query-client.js';
import { queryKeys } from '../data/query-keys.js';
import { listenToMain } from '../data/start.js';
import { useAppStore } from '../store/app-store.js';
import type { Route } from '../store/ui-state.js';
import { connection, me, offlineLink, syncStatus, type FakeBridge } from './fake-bridge.js';
import { snapshot } from './fixtures.js';
import { installFakeBridge } from './render.js';

export type ConnectedOptions = {
  /** The snapshot's service accounts (none unless given). */
  accounts?: AccountRow[];
  details?: Record<string, AccountDetail | null>;
  me?: Partial<Snapshot['me']>;
  /** The domain's members, in the snapshot (none unless given). */
  members?: Member[];
  /** The domain's groups and bundles, in the snapshot (the fixture's groups and no bundles unless given). */
  groups?: Group[];
  bundles?: Bundle[];
  offline?: boolean;
  /** The domain's token policy in the snapshot (none: the dialogs limit nothing). */
  tokenPolicy?: TokenPolicy;
  route?: Route;
};

/**
 * A selected connection with a loaded snapshot, as after start-up and a sync: the query cache holds
 * what the renderer would have read, and the fake the same data.
 */
export function setupConnected(options: ConnectedOptions): FakeBridge {
  const snap = snapshot(options.accounts ?? [], {
    me: me(options.me ?? {}),
    ...(options.members ? { members: options.members } : {}),
    ...(options.groups ? { groups: options.groups } : {}),
    ...(options.bundles ? { bundles: options.bundles } : {}),
    ...(options.tokenPolicy ? { tokenPolicy: options.tokenPolicy } : {}),
  });
  const bridge = installFakeBridge({
    snapshots: { c1: snap },
    // A copy: the fake writes changes into its state, and tests share their fixtures.
    details: structuredClone(options.details ?? {}),
    connections: [connection()],
  });
  const status = syncStatus({
    connectionId: 'c1',
    lastSyncedAt: new Date().toISOString(),
    ...(options.offline ? { link: offlineLink(new Date().toISOString()) } : {}),
  });
  bridge.state.syncStatus.c1 = status;
  seedQueries({ connections: [connection()], snapshot: snap, statuses: [status] });
  useAppStore.setState({ selectedConnectionId: 'c1', route: options.route ?? { name: 'accounts' } });
  // As startApp does; the listeners go with this test's fake bridge.
  listenToMain();
  return bridge;
}

/**
 * Puts into the query cache what start-up and a sync would have read from main: the connections,
 * a snapshot (of its connection), sync statuses.
 */
export function seedQueries(seed: { connections?: ConnectionView[]; snapshot?: Snapshot; statuses?: SyncStatus[] }) {
  if (seed.connections) queryClient.setQueryData(queryKeys.connections, seed.connections);
  if (seed.snapshot) queryClient.setQueryData(queryKeys.snapshot(seed.snapshot.connectionId), seed.snapshot);
  for (const status of seed.statuses ?? []) queryClient.setQueryData(queryKeys.syncStatus(status.connectionId), status);
}

const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Lets pending bridge answers (and the renders they cause) land. An answer lands in a microtask, and
 * TanStack Query tells React in a setTimeout(0) after it; what an answer starts (a snapshot:changed
 * read-back) takes more turns. So: turns until nothing is fetching or changing (an answer the test
 * holds stops that after a few), then one more.
 */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 20; i++) {
      await turn();
      if (queryClient.isFetching() === 0 && queryClient.isMutating() === 0) break;
    }
    await turn();
  });
}

/** A promise the test releases, to hold a bridge answer mid-call. */
export function gate(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** One turn: what shows before any answer (an optimistic flip, a change waiting for the server). */
export async function tick(): Promise<void> {
  await act(turn);
}
