import type { TokenMeta } from '../../src-shared/api/models.js';
import type { PatchTokenBody } from '../../src-shared/api/tokens.js';
import type { AppError, Result } from '../../src-shared/errors.js';
import { call } from '../bridge.js';
import type { SliceCreator } from './app-state.js';

/**
 * Token changes that carry no secret (suspend, max RPS, delete), and the bookkeeping after any token
 * change. Create and rotate answer with a secret, so they are NOT here: they live in
 * features/tokens/token-calls.ts and hand the secret straight to the reveal dialog; this slice only
 * ever sees their metadata (`noteTokens`).
 */
export type TokensSlice = {
  /** Token names with a change waiting for the server, so their row buttons show it. */
  pendingTokens: Record<string, true>;
  updateToken: (accountId: string, name: string, patch: PatchTokenBody) => Promise<Result<TokenMeta>>;
  removeToken: (accountId: string, name: string) => Promise<Result<null>>;
  /**
   * Puts tokens the server just returned (metadata only) into the open detail, then reloads the
   * snapshot and the account from main's cache, which main has already updated.
   */
  noteTokens: (connectionId: string, accountId: string, changed: readonly TokenMeta[], removed?: string) => void;
};

const NO_CONNECTION: AppError = { code: 'unknown_connection', message: 'Choose a connection first.' };

export const createTokensSlice: SliceCreator<TokensSlice> = (set, get) => {
  function mark(key: string, on: boolean): void {
    set((state) => {
      const next = { ...state.pendingTokens };
      if (on) next[key] = true;
      else delete next[key];
      return { pendingTokens: next };
    });
  }

  return {
    pendingTokens: {},

    updateToken: async (accountId, name, patch) => {
      const connectionId = get().selectedConnectionId;
      if (connectionId === null) return { ok: false, error: NO_CONNECTION };
      const key = `${accountId}/${name}`;
      mark(key, true);
      const result = await call((bridge) => bridge.tokens.update({ connectionId, accountId, name, patch }));
      mark(key, false);
      if (result.ok) get().noteTokens(connectionId, accountId, [result.value]);
      return result;
    },

    removeToken: async (accountId, name) => {
      const connectionId = get().selectedConnectionId;
      if (connectionId === null) return { ok: false, error: NO_CONNECTION };
      const result = await call((bridge) => bridge.tokens.remove({ connectionId, accountId, name }));
      if (result.ok) get().noteTokens(connectionId, accountId, [], name);
      return result;
    },

    noteTokens: (connectionId, accountId, changed, removed) => {
      if (get().selectedConnectionId !== connectionId) return;
      set((state) => {
        const account = state.detail.accountId === accountId ? state.detail.account : null;
        if (!account?.tokens) return {};
        let tokens = account.tokens.filter((t) => t.name !== removed);
        for (const token of changed) {
          const at = tokens.findIndex((t) => t.id === token.id);
          tokens = at === -1 ? [...tokens, token] : tokens.map((t, i) => (i === at ? token : t));
        }
        return { detail: { ...state.detail, account: { ...account, tokens, tokenCount: tokens.length } } };
      });
      void get().loadSnapshot(connectionId);
      void get().loadDetail(accountId);
    },
  };
};
