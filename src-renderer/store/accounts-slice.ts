import type { CreateServiceAccountBody, PatchServiceAccountBody } from '../../src-shared/api/service-accounts.js';
import type { AppError, Result } from '../../src-shared/errors.js';
import type { AccountDetail, AccountRow, Snapshot } from '../../src-shared/ipc/models.js';
import { call } from '../bridge.js';
import type { AppState, SliceCreator } from './app-state.js';

/** A toggle the server refused: shown near the toggle, in the server's words, until dismissed. */
export type ToggleFailure = { accountId: string; accountName: string; wanted: boolean; error: AppError };

export type AccountsSlice = {
  /** Enable/disable flips waiting for the server's answer, by account id: the UI shows these at once. */
  pendingEnabled: Record<string, boolean>;
  toggleFailure: ToggleFailure | null;
  createAccount: (input: CreateServiceAccountBody) => Promise<Result<AccountDetail>>;
  updateAccount: (accountId: string, patch: PatchServiceAccountBody) => Promise<Result<AccountDetail>>;
  /** Optimistic: the switch flips now and flips back (with a message) if the server refuses. */
  setAccountEnabled: (account: { id: string; name: string }, enabled: boolean) => Promise<void>;
  deleteAccount: (accountId: string) => Promise<Result<null>>;
  dismissToggleFailure: () => void;
};

const NO_CONNECTION: AppError = { code: 'unknown_connection', message: 'Choose a connection first.' };

export const createAccountsSlice: SliceCreator<AccountsSlice> = (set, get) => {
  /**
   * Main has already written the change into the cached snapshot, so reading it back is enough:
   * no sync (DESIGN › Sync stays for what others changed).
   */
  function refresh(connectionId: string): void {
    if (get().selectedConnectionId !== connectionId) return;
    void get().loadSnapshot(connectionId);
    const route = get().route;
    if (route.name === 'account') void get().loadDetail(route.accountId);
  }

  /** Puts the server's answer on screen before the reload lands, so nothing flickers back. */
  function apply(connectionId: string, account: AccountDetail): void {
    set((state) => ({
      snapshot: withRow(state.snapshot, connectionId, account),
      detail:
        state.detail.accountId === account.id
          ? { accountId: account.id, status: 'ready', account, error: null }
          : state.detail,
    }));
  }

  return {
    pendingEnabled: {},
    toggleFailure: null,

    createAccount: async (input) => {
      const connectionId = get().selectedConnectionId;
      if (connectionId === null) return { ok: false, error: NO_CONNECTION };
      const result = await call((bridge) => bridge.accounts.create({ connectionId, input }));
      if (!result.ok) return result;
      // The detail opens at once from the answer; accounts:get refreshes it.
      set({ detail: { accountId: result.value.id, status: 'ready', account: result.value, error: null } });
      apply(connectionId, result.value);
      refresh(connectionId);
      return result;
    },

    updateAccount: async (accountId, patch) => {
      const connectionId = get().selectedConnectionId;
      if (connectionId === null) return { ok: false, error: NO_CONNECTION };
      const result = await call((bridge) => bridge.accounts.update({ connectionId, id: accountId, patch }));
      if (!result.ok) return result;
      apply(connectionId, result.value);
      refresh(connectionId);
      return result;
    },

    setAccountEnabled: async (account, enabled) => {
      const connectionId = get().selectedConnectionId;
      if (connectionId === null || account.id in get().pendingEnabled) return;
      set((state) => ({ pendingEnabled: { ...state.pendingEnabled, [account.id]: enabled }, toggleFailure: null }));
      const result = await call((bridge) =>
        bridge.accounts.update({ connectionId, id: account.id, patch: { enabled } }),
      );
      if (result.ok) apply(connectionId, result.value);
      set((state) => ({
        pendingEnabled: without(state.pendingEnabled, account.id),
        toggleFailure: result.ok
          ? state.toggleFailure
          : { accountId: account.id, accountName: account.name, wanted: enabled, error: result.error },
      }));
      if (result.ok) refresh(connectionId);
    },

    deleteAccount: async (accountId) => {
      const connectionId = get().selectedConnectionId;
      if (connectionId === null) return { ok: false, error: NO_CONNECTION };
      const result = await call((bridge) => bridge.accounts.remove({ connectionId, id: accountId }));
      if (!result.ok) return result;
      set((state) => removeAccount(state, connectionId, accountId));
      const route = get().route;
      if (route.name === 'account' && route.accountId === accountId) get().navigate({ name: 'accounts' });
      refresh(connectionId);
      return result;
    },

    dismissToggleFailure: () => set({ toggleFailure: null }),
  };
};

function toRow(account: AccountDetail): AccountRow {
  const { tokens: _tokens, ...row } = account;
  return row;
}

function withRow(snapshot: Snapshot | null, connectionId: string, account: AccountDetail): Snapshot | null {
  if (snapshot?.connectionId !== connectionId) return snapshot;
  const row = toRow(account);
  const found = snapshot.accounts.some((a) => a.id === row.id);
  return {
    ...snapshot,
    accounts: found ? snapshot.accounts.map((a) => (a.id === row.id ? row : a)) : [...snapshot.accounts, row],
  };
}

function removeAccount(state: AppState, connectionId: string, accountId: string): Partial<AppState> {
  const snapshot =
    state.snapshot?.connectionId === connectionId
      ? { ...state.snapshot, accounts: state.snapshot.accounts.filter((a) => a.id !== accountId) }
      : state.snapshot;
  const detail =
    state.detail.accountId === accountId
      ? { accountId: null, status: 'idle' as const, account: null, error: null }
      : state.detail;
  return { snapshot, detail };
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}
