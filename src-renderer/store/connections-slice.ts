import type { AppError, Result } from '../../src-shared/errors.js';
import type { AppInfo, ConnectionInput, ConnectionTestResult, ConnectionView } from '../../src-shared/ipc/models.js';
import { call } from '../bridge.js';
import { fieldErrorsFromDetails, type ConnectionPatchInput, type FieldErrors } from '../lib/connection-form.js';
import { forgetLastConnectionId, readLastConnectionId, rememberLastConnectionId } from '../lib/last-connection.js';
import type { SliceCreator } from './app-state.js';
import type { LoadStatus } from './snapshot-slice.js';

/** The outcome of the connection dialog's calls: messages only, never the values typed. */
export type ConnectionEditorState = {
  saving: boolean;
  testing: boolean;
  saveError: AppError | null;
  /** Field messages main sent back with a failed save (its own schema check). */
  saveFieldErrors: FieldErrors;
  testResult: ConnectionTestResult | null;
  testError: AppError | null;
};

export type TestRequest = { id: string } | ConnectionInput;

export type ConnectionsSlice = {
  connections: ConnectionView[];
  connectionsStatus: LoadStatus;
  connectionsError: AppError | null;
  selectedConnectionId: string | null;
  appInfo: AppInfo | null;
  editor: ConnectionEditorState;
  removing: boolean;
  removeError: AppError | null;
  loadAppInfo: () => Promise<void>;
  /** Loads the list and selects the last used connection (or the first). */
  loadConnections: () => Promise<void>;
  selectConnection: (id: string | null) => void;
  resetEditor: () => void;
  addConnection: (input: ConnectionInput) => Promise<Result<ConnectionView>>;
  updateConnection: (id: string, patch: ConnectionPatchInput) => Promise<Result<ConnectionView>>;
  testConnection: (request: TestRequest) => Promise<void>;
  clearTestResult: () => void;
  removeConnection: (id: string) => Promise<Result<null>>;
  clearRemoveError: () => void;
  noteSynced: (connectionId: string, lastSyncedAt: string | null) => void;
};

export const EMPTY_EDITOR: ConnectionEditorState = {
  saving: false,
  testing: false,
  saveError: null,
  saveFieldErrors: {},
  testResult: null,
  testError: null,
};

export const createConnectionsSlice: SliceCreator<ConnectionsSlice> = (set, get) => ({
  connections: [],
  connectionsStatus: 'idle',
  connectionsError: null,
  selectedConnectionId: null,
  appInfo: null,
  editor: EMPTY_EDITOR,
  removing: false,
  removeError: null,

  loadAppInfo: async () => {
    const result = await call((bridge) => bridge.app.info());
    if (result.ok) set({ appInfo: result.value });
  },

  loadConnections: async () => {
    set({ connectionsStatus: 'loading', connectionsError: null });
    const result = await call((bridge) => bridge.connections.list());
    if (!result.ok) {
      set({ connectionsStatus: 'error', connectionsError: result.error });
      return;
    }
    const connections = result.value;
    set({ connections, connectionsStatus: 'ready' });
    const remembered = readLastConnectionId();
    const pick = connections.find((c) => c.id === remembered) ?? connections[0];
    if (pick) get().selectConnection(pick.id);
    else get().navigate({ name: 'connections' });
  },

  selectConnection: (id) => {
    const same = get().selectedConnectionId === id;
    set({
      selectedConnectionId: id,
      detail: { accountId: null, status: 'idle', account: null, error: null },
      toggleFailure: null,
    });
    if (id === null) {
      forgetLastConnectionId();
      get().clearSnapshot();
      return;
    }
    rememberLastConnectionId(id);
    if (get().route.name === 'account') get().navigate({ name: 'accounts' });
    if (!same) get().clearSnapshot();
    // Cached data first (works offline), then ask the server for what changed.
    void get().loadSnapshot(id);
    void get().loadSyncStatus(id);
    void get().runSync(id);
  },

  resetEditor: () => set({ editor: EMPTY_EDITOR }),

  addConnection: async (input) => {
    set((state) => ({ editor: { ...state.editor, saving: true, saveError: null, saveFieldErrors: {} } }));
    const result = await call((bridge) => bridge.connections.add(input));
    if (!result.ok) {
      setSaveFailure(set, result.error);
      return result;
    }
    set((state) => ({
      connections: [...state.connections.filter((c) => c.id !== result.value.id), result.value],
      editor: { ...state.editor, saving: false },
    }));
    get().selectConnection(result.value.id);
    return result;
  },

  updateConnection: async (id, patch) => {
    set((state) => ({ editor: { ...state.editor, saving: true, saveError: null, saveFieldErrors: {} } }));
    const result = await call((bridge) => bridge.connections.update({ id, patch }));
    if (!result.ok) {
      setSaveFailure(set, result.error);
      return result;
    }
    set((state) => ({
      connections: state.connections.map((c) => (c.id === id ? result.value : c)),
      editor: { ...state.editor, saving: false },
    }));
    // New URL, domain or token: find out now whether they work.
    if (get().selectedConnectionId === id) void get().runSync(id);
    return result;
  },

  testConnection: async (request) => {
    set((state) => ({ editor: { ...state.editor, testing: true, testResult: null, testError: null } }));
    const result = await call((bridge) => bridge.connections.test(request));
    set((state) => ({
      editor: {
        ...state.editor,
        testing: false,
        testResult: result.ok ? result.value : null,
        testError: result.ok ? null : result.error,
      },
    }));
  },

  clearTestResult: () => set((state) => ({ editor: { ...state.editor, testResult: null, testError: null } })),

  removeConnection: async (id) => {
    set({ removing: true, removeError: null });
    const result = await call((bridge) => bridge.connections.remove({ id }));
    if (!result.ok) {
      set({ removing: false, removeError: result.error });
      return result;
    }
    const remaining = get().connections.filter((c) => c.id !== id);
    set({ connections: remaining, removing: false });
    if (get().selectedConnectionId === id) get().selectConnection(remaining[0]?.id ?? null);
    return result;
  },

  clearRemoveError: () => set({ removeError: null }),

  noteSynced: (connectionId, lastSyncedAt) =>
    set((state) => ({
      connections: state.connections.map((c) => (c.id === connectionId ? { ...c, lastSyncedAt } : c)),
    })),
});

function setSaveFailure(set: Parameters<SliceCreator<ConnectionsSlice>>[0], error: AppError): void {
  set((state) => ({
    editor: {
      ...state.editor,
      saving: false,
      saveError: error,
      saveFieldErrors: fieldErrorsFromDetails(error.details),
    },
  }));
}
