/**
 * An in-memory TokenDeskApi for component tests only. The real bridge is exercised by the e2e suite
 * (real core in Node, built renderer in Chromium); here we only need answers to render against.
 */
import type { AppError, Result } from '../../src-shared/errors.js';
import type { TokenDeskApi } from '../../src-shared/ipc/contract.js';
import type {
  AccountDetail,
  AppInfo,
  ConnectionTestResult,
  ConnectionView,
  Snapshot,
  SyncStatus,
} from '../../src-shared/ipc/models.js';

export type FakeState = {
  appInfo: AppInfo;
  connections: ConnectionView[];
  snapshots: Record<string, Snapshot | null>;
  details: Record<string, AccountDetail | null>;
  syncStatus: Record<string, SyncStatus>;
  testResult: Result<ConnectionTestResult>;
  /** Make the next call of a function fail with this error. */
  failNext: Partial<Record<string, AppError>>;
};

export type FakeBridge = {
  api: TokenDeskApi;
  state: FakeState;
  calls: { fn: string; request: unknown }[];
  emit: (status: SyncStatus) => void;
};

export function fakeBridge(initial: Partial<FakeState> = {}): FakeBridge {
  const state: FakeState = {
    appInfo: {
      version: '0.1.0',
      platform: 'linux',
      keyring: { backend: 'gnome_libsecret', secure: true, available: true },
    },
    connections: [],
    snapshots: {},
    details: {},
    syncStatus: {},
    testResult: { ok: true, value: { serverVersion: '0.1.0', me: me() } },
    failNext: {},
    ...initial,
  };
  const calls: FakeBridge['calls'] = [];
  const listeners = new Set<(status: SyncStatus) => void>();

  function answer<T>(fn: string, request: unknown, value: () => T): Promise<Result<T>> {
    calls.push({ fn, request });
    const failure = state.failNext[fn];
    if (failure) {
      delete state.failNext[fn];
      return Promise.resolve({ ok: false, error: failure });
    }
    return Promise.resolve({ ok: true, value: value() });
  }

  const api: TokenDeskApi = {
    app: { info: () => answer('app.info', undefined, () => state.appInfo) },
    connections: {
      list: () => answer('connections.list', undefined, () => state.connections),
      add: (request) =>
        answer('connections.add', request, () => {
          const view: ConnectionView = {
            id: `c${state.connections.length + 1}`,
            name: request.name,
            url: request.url,
            domain: request.domain,
            credential: 'keychain',
            createdAt: '2025-01-01T00:00:00.000Z',
            lastSyncedAt: null,
          };
          state.connections.push(view);
          return view;
        }),
      update: (request) =>
        answer('connections.update', request, () => {
          const found = state.connections.find((c) => c.id === request.id);
          if (!found) throw new Error('unknown connection');
          const { token: _token, storeOnDiskWithoutKeychain: _store, ...rest } = request.patch;
          Object.assign(found, rest);
          return { ...found };
        }),
      remove: (request) =>
        answer('connections.remove', request, () => {
          state.connections = state.connections.filter((c) => c.id !== request.id);
          return null;
        }),
      test: (request) => {
        calls.push({ fn: 'connections.test', request });
        return Promise.resolve(state.testResult);
      },
    },
    sync: {
      run: (request) => answer('sync.run', request, () => statusOf(state, request.connectionId)),
      status: (request) => answer('sync.status', request, () => statusOf(state, request.connectionId)),
    },
    snapshot: {
      get: (request) => answer('snapshot.get', request, () => state.snapshots[request.connectionId] ?? null),
    },
    accounts: { get: (request) => answer('accounts.get', request, () => state.details[request.id] ?? null) },
    events: {
      onSyncStatus: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };

  return { api, state, calls, emit: (status) => listeners.forEach((listener) => listener(status)) };
}

function statusOf(state: FakeState, connectionId: string): SyncStatus {
  return state.syncStatus[connectionId] ?? syncStatus({ connectionId });
}

export function syncStatus(partial: Partial<SyncStatus> & { connectionId: string }): SyncStatus {
  return { phase: 'idle', lastSyncedAt: null, progress: null, error: null, cacheRecovered: null, ...partial };
}

export function me(partial: Partial<Snapshot['me']> = {}): Snapshot['me'] {
  return {
    id: 'm1',
    name: 'admin',
    type: 'HUMAN',
    domain: 'default',
    roles: ['Admin'],
    groups: ['admins'],
    permissions: ['service_account.read'],
    ...partial,
  };
}

export function connection(partial: Partial<ConnectionView> = {}): ConnectionView {
  return {
    id: 'c1',
    name: 'Production',
    url: 'https://tokens.example.com',
    domain: 'default',
    credential: 'keychain',
    createdAt: '2025-01-01T00:00:00.000Z',
    lastSyncedAt: '2025-01-02T00:00:00.000Z',
    ...partial,
  };
}
