import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connection, syncStatus } from '../test-support/fake-bridge.js';
import { account, snapshot } from '../test-support/fixtures.js';
import { installFakeBridge } from '../test-support/render.js';
import { useAppStore } from './app-store.js';
import { startApp } from './start.js';

const flush = () => act(() => Promise.resolve());

describe('start-up', () => {
  it('selects the first connection, loads its cached snapshot, then syncs', async () => {
    const bridge = installFakeBridge({
      connections: [connection(), connection({ id: 'c2', name: 'Staging' })],
      snapshots: { c1: snapshot([account({ id: 'a', name: 'alpha' })]) },
    });
    const stop = startApp();
    await flush();
    const state = useAppStore.getState();
    expect(state.selectedConnectionId).toBe('c1');
    expect(state.snapshot?.accounts.map((a) => a.name)).toEqual(['alpha']);
    const order = bridge.calls.map((c) => c.fn);
    expect(order.indexOf('snapshot.get')).toBeLessThan(order.indexOf('sync.run'));
    expect(window.localStorage.getItem('tokendesk.lastConnectionId')).toBe('c1');
    expect(Object.keys(window.localStorage)).toEqual(['tokendesk.lastConnectionId']);
    stop();
  });

  it('reopens the last used connection', async () => {
    window.localStorage.setItem('tokendesk.lastConnectionId', 'c2');
    installFakeBridge({ connections: [connection(), connection({ id: 'c2', name: 'Staging' })] });
    startApp();
    await flush();
    expect(useAppStore.getState().selectedConnectionId).toBe('c2');
  });

  it('goes to Connections when there are none', async () => {
    installFakeBridge();
    startApp();
    await flush();
    expect(useAppStore.getState().route).toEqual({ name: 'connections' });
  });

  it('follows sync events and reloads the snapshot when a sync completes', async () => {
    const bridge = installFakeBridge({ connections: [connection({ lastSyncedAt: null })], snapshots: { c1: null } });
    startApp();
    await flush();
    bridge.emit(syncStatus({ connectionId: 'c1', phase: 'syncing', progress: { done: 3000, total: 10000 } }));
    expect(useAppStore.getState().syncStatus.c1?.progress).toEqual({ done: 3000, total: 10000 });
    bridge.state.snapshots.c1 = snapshot([account({ id: 'b', name: 'beta' })]);
    const done = new Date().toISOString();
    await act(() => {
      bridge.emit(syncStatus({ connectionId: 'c1', phase: 'idle', lastSyncedAt: done }));
      return Promise.resolve();
    });
    expect(useAppStore.getState().snapshot?.accounts.map((a) => a.name)).toEqual(['beta']);
    expect(useAppStore.getState().connections[0]?.lastSyncedAt).toBe(done);
  });
});

describe('start-up traffic', () => {
  it('loads the snapshot once, not again for the first status it sees', async () => {
    const synced = new Date().toISOString();
    const bridge = installFakeBridge({
      connections: [connection({ lastSyncedAt: synced })],
      snapshots: { c1: snapshot([]) },
      syncStatus: { c1: syncStatus({ connectionId: 'c1', lastSyncedAt: synced }) },
    });
    startApp();
    await flush();
    expect(bridge.calls.filter((c) => c.fn === 'snapshot.get')).toHaveLength(1);
  });
});
