import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ConnectionView, Snapshot, SyncStatus } from '../../src-shared/ipc/models.js';
import { useAppStore } from '../store/app-store.js';
import { settle } from '../test-support/connected.js';
import { connection, syncStatus } from '../test-support/fake-bridge.js';
import { account, snapshot } from '../test-support/fixtures.js';
import { installFakeBridge } from '../test-support/render.js';
import { snapshotQuery } from './queries.js';
import { queryClient } from './query-client.js';
import { queryKeys } from './query-keys.js';
import { startApp } from './start.js';

const snapshotOf = (id: string) => queryClient.getQueryData<Snapshot | null>(queryKeys.snapshot(id));

/** As a screen that shows the connection's list does (what is invalidated is read again where shown). */
const showList = (id: string) => new QueryObserver(queryClient, snapshotQuery(id)).subscribe(() => undefined);

describe('start-up', () => {
  it('selects the first connection, loads its cached snapshot, then tells main it is the one shown (main syncs it)', async () => {
    const bridge = installFakeBridge({
      connections: [connection(), connection({ id: 'c2', name: 'Staging' })],
      snapshots: { c1: snapshot([account({ id: 'a', name: 'alpha' })]) },
    });
    const stop = startApp();
    await settle();
    expect(useAppStore.getState().selectedConnectionId).toBe('c1');
    expect(snapshotOf('c1')?.accounts.map((a) => a.name)).toEqual(['alpha']);
    const order = bridge.calls.map((c) => c.fn);
    expect(order.indexOf('snapshot.get')).toBeLessThan(order.indexOf('connections.select'));
    expect(bridge.calls.find((c) => c.fn === 'connections.select')?.request).toEqual({ id: 'c1' });
    // Main syncs the connection it is told is shown: the renderer does not ask twice.
    expect(order).not.toContain('sync.run');
    expect(window.localStorage.getItem('tokendesk.lastConnectionId')).toBe('c1');
    expect(Object.keys(window.localStorage)).toEqual(['tokendesk.lastConnectionId']);
    stop();
  });

  it('reopens the last used connection', async () => {
    window.localStorage.setItem('tokendesk.lastConnectionId', 'c2');
    installFakeBridge({ connections: [connection(), connection({ id: 'c2', name: 'Staging' })] });
    startApp();
    await settle();
    expect(useAppStore.getState().selectedConnectionId).toBe('c2');
  });

  it('goes to Connections when there are none', async () => {
    installFakeBridge();
    startApp();
    await settle();
    expect(useAppStore.getState().route).toEqual({ name: 'connections' });
  });

  it('follows sync events, and reads the snapshot again when main says a sync replaced it', async () => {
    const bridge = installFakeBridge({ connections: [connection({ lastSyncedAt: null })], snapshots: { c1: null } });
    startApp();
    await settle();
    showList('c1');
    bridge.emit(syncStatus({ connectionId: 'c1', phase: 'syncing', progress: { done: 3000, total: 10000 } }));
    expect(queryClient.getQueryData<SyncStatus>(queryKeys.syncStatus('c1'))?.progress).toEqual({
      done: 3000,
      total: 10000,
    });
    bridge.state.snapshots.c1 = snapshot([account({ id: 'b', name: 'beta' })]);
    const done = new Date().toISOString();
    bridge.emit(syncStatus({ connectionId: 'c1', phase: 'idle', lastSyncedAt: done }));
    bridge.emitChanged('c1', null);
    await settle();
    expect(snapshotOf('c1')?.accounts.map((a) => a.name)).toEqual(['beta']);
    expect(queryClient.getQueryData<ConnectionView[]>(queryKeys.connections)?.[0]?.lastSyncedAt).toBe(done);
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
    await settle();
    expect(bridge.calls.filter((c) => c.fn === 'snapshot.get')).toHaveLength(1);
  });
});

describe('snapshot:changed', () => {
  const started = async () => {
    const bridge = installFakeBridge({
      connections: [connection()],
      snapshots: { c1: snapshot([account({ id: 'a', name: 'alpha' }), account({ id: 'b', name: 'beta' })]) },
      details: {},
    });
    startApp();
    await settle();
    showList('c1');
    return { bridge, fresh: bridge.calls.length };
  };

  it('an account changed elsewhere is read back alone and patched into the list', async () => {
    const { bridge, fresh } = await started();
    const alpha = snapshotOf('c1')!.accounts[0];
    bridge.state.details.b = { ...account({ id: 'b', name: 'beta', description: 'Changed elsewhere' }), tokens: [] };
    bridge.emitChanged('c1', ['b']);
    await settle();
    expect(bridge.calls.slice(fresh).map((c) => c.fn)).toEqual(['accounts.get']);
    expect(snapshotOf('c1')!.accounts.map((a) => a.description)).toEqual(['', 'Changed elsewhere']);
    expect(snapshotOf('c1')!.accounts[0]).toBe(alpha);
  });

  it('an account gone elsewhere leaves the list', async () => {
    const { bridge } = await started();
    bridge.state.details.a = null;
    bridge.emitChanged('c1', ['a']);
    await settle();
    expect(snapshotOf('c1')!.accounts.map((a) => a.id)).toEqual(['b']);
  });

  it('a missed event has everything read again', async () => {
    const { bridge, fresh } = await started();
    bridge.emitChanged('c1', []);
    bridge.emitChanged('c1', null); // version 2: fine, everything
    await settle();
    expect(bridge.calls.slice(fresh).map((c) => c.fn)).toEqual(['snapshot.get']);
    const after = bridge.calls.length;
    // Version 3 never arrives; version 4 shows the gap.
    bridge.emitChanged('c1', ['a'], { skip: 1 });
    expect(bridge.changes.at(-1)?.version).toBe(4);
    await settle();
    expect(bridge.calls.slice(after).map((c) => c.fn)).toEqual(['snapshot.get']);
  });
});
