import { canReadLogs } from '../../src-shared/authz.js';
import { actorOf, enforce } from '../auth/caller.js';
import type { HandlerModule } from '../http/route.js';
import { requestLogPage } from '../store/request-log-query.js';
import type { Store } from '../store/store.js';
import { accountNotFound, callerDomain } from './scope.js';

/** An account's Logs tab: the requests made with a service account's tokens, newest first. */
export function requestLogHandlers(store: Store) {
  return {
    listRequestLogs: {
      handler: async ({ params, query, caller }) => {
        const domain = await callerDomain(store, caller, params.domain);
        const view = await store.serviceAccounts.get(domain.id, params.id);
        if (!view) throw accountNotFound(params.id, domain.name);
        // The contract's shared-group half, now that the account is known.
        enforce(canReadLogs(actorOf(caller), view.account));
        // Rows still queued from this turn are written first, so a caller sees its own earlier requests.
        await store.requestLog.flush();
        return requestLogPage(store.sql, params.id, query);
      },
    },
  } satisfies HandlerModule;
}
