import type { ScanProgress } from '../../src-shared/ipc/leak-scan.js';
import { fakeAttention } from './fake-attention.js';
import { effectivePermissions } from '../../src-shared/permissions.js';
/**
 * An in-memory TokenDeskApi for component tests only. The real bridge is exercised by the e2e suite
 * (real core in Node, built renderer in Chromium); here we only need answers to render against.
 */
import type { CreateServiceAccountBody, PatchServiceAccountBody } from '../../src-shared/api/service-accounts.js';
import type { AppError, Result } from '../../src-shared/errors.js';
import type { TokenDeskApi } from '../../src-shared/ipc/contract.js';
import type { LockStatus } from '../../src-shared/ipc/lock.js';
import type {
  AccountDetail,
  ConnectionView,
  Snapshot,
  SnapshotChanged,
  SyncStatus,
} from '../../src-shared/ipc/models.js';
import { ROLE_NAMES, type RoleName } from '../../src-shared/roles.js';
import { inCatalogueOrder } from '../../src-shared/permissions.js';
import { directoryFakeState, fakeDirectoryApi } from './fake-directory.js';
import { fakeLockApi, lockFakeState } from './fake-lock.js';
import type { Announce, FakeState } from './fake-state.js';
import { fakeTokenApi, tokenFakeState } from './fake-tokens.js';

export type { Announce, FakeState } from './fake-state.js';

export type FakeBridge = {
  api: TokenDeskApi;
  state: FakeState;
  calls: { fn: string; request: unknown }[];
  /** Pushes a sync:status event, as main does while it syncs. */
  emit: (status: SyncStatus) => void;
  /**
   * Pushes a snapshot:changed event, as main does after a sync; numbered on from the fake's own, or
   * `skip` numbers further (as if events were lost on the way).
   */
  emitChanged: (connectionId: string, changedIds: string[] | null, options?: { skip?: number }) => void;
  /** Every snapshot:changed the fake sent, in order. */
  changes: SnapshotChanged[];
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
    holds: {},
    leakScan: null,
    ...tokenFakeState(),
    ...directoryFakeState(),
    ...lockFakeState(),
    ...initial,
  };
  const calls: FakeBridge['calls'] = [];
  const listeners = new Set<(status: SyncStatus) => void>();
  const changeListeners = new Set<(event: SnapshotChanged) => void>();
  const changes: SnapshotChanged[] = [];
  const lockListeners = new Set<(status: LockStatus) => void>();
  const progressListeners = new Set<(progress: ScanProgress) => void>();
  const versions = new Map<string, number>();
  const announce: Announce = (connectionId, changedIds, directoryChanged) => {
    const version = (versions.get(connectionId) ?? 0) + 1;
    versions.set(connectionId, version);
    const event = { connectionId, version, changedIds, directoryChanged };
    changes.push(event);
    changeListeners.forEach((listener) => listener(event));
  };

  async function answer<T>(fn: string, request: unknown, value: () => T | AppError): Promise<Result<T>> {
    calls.push({ fn, request });
    const hold = state.holds[fn];
    if (hold) await hold.catch(() => undefined);
    const failure = state.failNext[fn];
    if (failure) {
      delete state.failNext[fn];
      return { ok: false, error: failure };
    }
    const outcome = value();
    return isAppError(outcome) ? { ok: false, error: outcome } : { ok: true, value: outcome };
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
            tokenId: null,
            caCertificate: request.caCertificate?.trim() || null,
            pinnedKey: request.pinnedKey?.trim() || null,
          };
          state.connections.push(view);
          return view;
        }),
      update: (request) =>
        answer('connections.update', request, () => {
          const found = state.connections.find((c) => c.id === request.id);
          if (!found) throw new Error('unknown connection');
          const { token: _token, caCertificate, pinnedKey, ...rest } = request.patch;
          Object.assign(found, rest);
          // Empty text clears a TLS setting, as main reads it.
          if (caCertificate !== undefined) found.caCertificate = caCertificate.trim() || null;
          if (pinnedKey !== undefined) found.pinnedKey = pinnedKey.trim() || null;
          return { ...found };
        }),
      remove: (request) =>
        answer('connections.remove', request, () => {
          state.connections = state.connections.filter((c) => c.id !== request.id);
          return null;
        }),
      select: (request) =>
        answer('connections.select', request, () => (request.id === null ? null : statusOf(state, request.id))),
      test: (request) => {
        calls.push({ fn: 'connections.test', request });
        // A one-off refusal (a certificate to trust) before the standing result.
        const failure = state.failNext['connections.test'];
        if (failure) {
          delete state.failNext['connections.test'];
          return Promise.resolve({ ok: false, error: failure });
        }
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
    attention: { list: () => answer('attention.list', undefined, () => fakeAttention(state)) },
    accounts: {
      get: (request) => answer('accounts.get', request, () => state.details[request.id] ?? null),
      create: (request) =>
        answer('accounts.create', request, () =>
          announced(request.connectionId, createIn(state, request.connectionId, request.input)),
        ),
      update: (request) =>
        answer('accounts.update', request, () =>
          announced(request.connectionId, updateIn(state, request.connectionId, request.id, request.patch)),
        ),
      remove: (request) =>
        answer('accounts.remove', request, () => {
          const outcome = removeIn(state, request.connectionId, request.id);
          if (outcome === null) announce(request.connectionId, [request.id], false);
          return outcome;
        }),
    },
    ...fakeTokenApi(state, answer, announce),
    ...fakeDirectoryApi(state, answer, announce),
    ...fakeLockApi(state, answer, (status) => lockListeners.forEach((listener) => listener(status))),
    exports: {
      inventory: (request) =>
        answer('exports.inventory', request, () => ({ path: `/home/dev/tokendesk.${request.format}`, rows: 3 })),
    },
    leakScan: {
      run: () =>
        answer('leakScan.run', undefined, () => {
          const report = state.leakScan;
          if (report) {
            const progress = { filesScanned: report.filesScanned, filesSkipped: 0, bytesScanned: 0, currentFile: null };
            progressListeners.forEach((listener) => listener(progress));
          }
          return report;
        }),
      cancel: () => answer('leakScan.cancel', undefined, () => null),
      revoke: (request) =>
        answer('leakScan.revoke', request, () => ({
          items: request.digests.map((digest) => ({ digest, result: 'revoked' as const })),
        })),
    },
    events: {
      onNoticeOpen: () => () => undefined,
      onLeakScanProgress: (listener) => {
        progressListeners.add(listener);
        return () => progressListeners.delete(listener);
      },
      onLockChanged: (listener) => {
        lockListeners.add(listener);
        return () => lockListeners.delete(listener);
      },
      onSyncStatus: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      onSnapshotChanged: (listener) => {
        changeListeners.add(listener);
        return () => changeListeners.delete(listener);
      },
    },
  };

  /** An account the fake changed: announced before the answer, as main does. */
  function announced(connectionId: string, outcome: AccountDetail | AppError): AccountDetail | AppError {
    if (!isAppError(outcome)) announce(connectionId, [outcome.id], false);
    return outcome;
  }

  return {
    api,
    state,
    calls,
    changes,
    emit: (status) => listeners.forEach((listener) => listener(status)),
    emitChanged: (connectionId, changedIds, options = {}) => {
      versions.set(connectionId, (versions.get(connectionId) ?? 0) + (options.skip ?? 0));
      announce(connectionId, changedIds, changedIds === null);
    },
  };
}

function isAppError(value: unknown): value is AppError {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value && !('id' in value);
}

let created = 0;

/** Like main after a successful call: the cached snapshot (and detail) already hold the change. */
function createIn(state: FakeState, connectionId: string, input: CreateServiceAccountBody): AccountDetail | AppError {
  const snapshot = state.snapshots[connectionId];
  if (!snapshot) return { code: 'unknown_connection', message: 'No snapshot for this connection.' };
  if (snapshot.accounts.some((a) => a.name === input.name)) {
    return { code: 'name_taken', message: `A service account named "${input.name}" already exists.`, status: 409 };
  }
  const copy = input.copyPermissionsFrom;
  const source =
    copy && 'serviceAccountId' in copy ? snapshot.accounts.find((a) => a.id === copy.serviceAccountId) : undefined;
  const copied: readonly string[] = !copy ? [] : 'role' in copy ? [copy.role] : (source?.roles ?? []);
  const roles = ROLE_NAMES.filter((r: RoleName) => (input.roles ?? []).includes(r) || copied.includes(r));
  // Copying an account copies its grants and denies too, as the server does.
  const grants = inCatalogueOrder([...(input.grants ?? []), ...(source?.grants ?? [])]);
  const denies = inCatalogueOrder([...(input.denies ?? []), ...(source?.denies ?? [])]);
  const now = new Date().toISOString();
  created += 1;
  const account: AccountDetail = {
    id: `sa-new-${created}`,
    name: input.name,
    description: input.description ?? '',
    roles,
    grants,
    denies,
    groups: input.groups && input.groups.length > 0 ? input.groups : [...snapshot.me.groups],
    enabled: true,
    basicAuthEnabled: input.basicAuthEnabled ?? false,
    createdAt: now,
    createdBy: snapshot.me.name,
    updatedAt: now,
    updatedBy: snapshot.me.name,
    tokenCount: 0,
    nextExpiry: null,
    tokens: [],
  };
  const { tokens: _tokens, ...row } = account;
  state.snapshots[connectionId] = { ...snapshot, accounts: [...snapshot.accounts, row] };
  state.details[account.id] = account;
  return account;
}

function updateIn(
  state: FakeState,
  connectionId: string,
  id: string,
  patch: PatchServiceAccountBody,
): AccountDetail | AppError {
  const snapshot = state.snapshots[connectionId];
  const row = snapshot?.accounts.find((a) => a.id === id);
  if (!snapshot || !row) return { code: 'not_found', message: 'Service account not found.', status: 404 };
  const next = {
    ...row,
    ...patch,
    grants: patch.grants === undefined ? row.grants : inCatalogueOrder(patch.grants),
    denies: patch.denies === undefined ? row.denies : inCatalogueOrder(patch.denies),
    updatedAt: new Date().toISOString(),
    updatedBy: snapshot.me.name,
  };
  state.snapshots[connectionId] = { ...snapshot, accounts: snapshot.accounts.map((a) => (a.id === id ? next : a)) };
  const detail: AccountDetail = { ...next, tokens: state.details[id]?.tokens ?? [] };
  state.details[id] = detail;
  return detail;
}

function removeIn(state: FakeState, connectionId: string, id: string): null | AppError {
  const snapshot = state.snapshots[connectionId];
  if (!snapshot?.accounts.some((a) => a.id === id)) {
    return { code: 'not_found', message: 'Service account not found.', status: 404 };
  }
  state.snapshots[connectionId] = { ...snapshot, accounts: snapshot.accounts.filter((a) => a.id !== id) };
  state.details[id] = null;
  return null;
}

function statusOf(state: FakeState, connectionId: string): SyncStatus {
  return state.syncStatus[connectionId] ?? syncStatus({ connectionId });
}

export function syncStatus(partial: Partial<SyncStatus> & { connectionId: string }): SyncStatus {
  return {
    phase: 'idle',
    lastSyncedAt: null,
    progress: null,
    error: null,
    cacheRecovered: null,
    link: { state: 'online', since: null, reason: null, code: null, nextCheckAt: null },
    ...partial,
  };
}

/** A connection's link while its server does not answer, since `since`. */
export function offlineLink(since: string, reason = 'Could not reach the server.'): SyncStatus['link'] {
  return { state: 'offline', since, reason, code: 'network_unreachable', nextCheckAt: null };
}

export function me(partial: Partial<Snapshot['me']> = {}): Snapshot['me'] {
  return {
    id: 'm1',
    name: 'admin',
    type: 'HUMAN',
    domain: 'default',
    roles: ['Admin'],
    groups: ['admins'],
    permissions: effectivePermissions({ roles: ['Admin'] }),
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
    tokenId: null,
    caCertificate: null,
    pinnedKey: null,
    ...partial,
  };
}
