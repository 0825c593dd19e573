import type { Caller } from '../auth/caller.js';
import type { HandlerModule } from '../http/route.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import { tokenMetaOf } from '../store/tokens.js';
import { tokenScope, type Level } from './token-rules.js';

/**
 * Listing a service account's tokens at the two levels (the contract's access rules); both
 * need a group shared with the account, checked once it is found.
 */
export function tokenHandlers(store: Store) {
  const listAt = (level: Level) => ({
    handler: async ({ params, caller }: { params: { domain?: string; id: string }; caller: Caller }) => {
      const { view } = await tokenScope(store, caller, level, params);
      const now = isoOf(store.now());
      return { items: (await store.tokens.listLive(view.account.id)).map((t) => tokenMetaOf(t, now)) };
    },
  });
  return {
    listServiceAccountTokens: listAt('domain'),
    adminListServiceAccountTokens: listAt('admin'),
  } satisfies HandlerModule;
}
