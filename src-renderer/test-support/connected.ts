import { act } from '@testing-library/react';
import type { AccountDetail, AccountRow, Snapshot } from '../../src-shared/ipc/models.js';
import { useAppStore } from '../store/app-store.js';
import type { Route } from '../store/ui-slice.js';
import { connection, me, syncStatus, type FakeBridge } from './fake-bridge.js';
import { snapshot } from './fixtures.js';
import { installFakeBridge } from './render.js';

export type ConnectedOptions = {
  accounts: AccountRow[];
  details?: Record<string, AccountDetail | null>;
  me?: Partial<Snapshot['me']>;
  offline?: boolean;
  route?: Route;
};

/** A selected connection with a loaded snapshot, as after start-up and a sync; the fake holds the same data. */
export function setupConnected(options: ConnectedOptions): FakeBridge {
  const snap = snapshot(options.accounts, { me: me(options.me ?? {}) });
  const bridge = installFakeBridge({
    snapshots: { c1: snap },
    // A copy: the fake writes changes into its state, and tests share their fixtures.
    details: structuredClone(options.details ?? {}),
    connections: [connection()],
  });
  const status = syncStatus({
    connectionId: 'c1',
    lastSyncedAt: new Date().toISOString(),
    ...(options.offline
      ? { phase: 'offline' as const, error: { code: 'network_unreachable', message: 'Could not reach the server.' } }
      : {}),
  });
  bridge.state.syncStatus.c1 = status;
  useAppStore.setState({
    connections: [connection()],
    selectedConnectionId: 'c1',
    snapshot: snap,
    snapshotStatus: 'ready',
    syncStatus: { c1: status },
    route: options.route ?? { name: 'accounts' },
  });
  return bridge;
}

/** Lets pending bridge answers (and the renders they cause) land. */
export async function settle(): Promise<void> {
  await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

/** A promise the test releases, to hold a bridge answer mid-call. */
export function gate(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}
