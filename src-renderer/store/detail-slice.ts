import type { AppError } from '../../src-shared/errors.js';
import type { AccountDetail } from '../../src-shared/ipc/models.js';
import { call } from '../bridge.js';
import type { LoadStatus } from './snapshot-slice.js';
import type { SliceCreator } from './app-state.js';

export type DetailState = {
  accountId: string | null;
  status: LoadStatus;
  /** Null with status 'ready' means the account is not in this connection's data any more. */
  account: AccountDetail | null;
  error: AppError | null;
};

export type DetailSlice = {
  detail: DetailState;
  loadDetail: (accountId: string) => Promise<void>;
};

const EMPTY: DetailState = { accountId: null, status: 'idle', account: null, error: null };

export const createDetailSlice: SliceCreator<DetailSlice> = (set, get) => ({
  detail: EMPTY,
  loadDetail: async (accountId) => {
    const connectionId = get().selectedConnectionId;
    if (connectionId === null) return;
    const previous = get().detail;
    // A refresh of the same account keeps what is on screen until the new answer arrives.
    const account = previous.accountId === accountId ? previous.account : null;
    set({ detail: { accountId, status: 'loading', account, error: null } });
    const result = await call((bridge) => bridge.accounts.get({ connectionId, id: accountId }));
    if (get().detail.accountId !== accountId || get().selectedConnectionId !== connectionId) return;
    set({
      detail: result.ok
        ? { accountId, status: 'ready', account: result.value, error: null }
        : { accountId, status: 'error', account, error: result.error },
    });
  },
});
