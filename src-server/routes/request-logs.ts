import { RequestLogPage, RequestLogQuery } from '../../src-shared/api/logs.js';
import { API_PREFIX } from '../../src-shared/api/paths.js';
import { canReadLogs } from '../../src-shared/authz.js';
import { actorOf, enforce, enforcePermission } from '../auth/caller.js';
import { defineRoute, type AnyRouteSpec } from '../http/route.js';
import { requestLogPage } from '../store/request-log-query.js';
import type { Store } from '../store/store.js';
import { accountNotFound, callerDomain, DomainAccountParams } from './scope.js';

/** Seed 003's Logs tab: the requests made with a service account's tokens, newest first. */
export function requestLogRoutes(store: Store): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/domains/{domain}/service-accounts/{id}/logs`,
      operationId: 'listRequestLogs',
      summary: 'A service account’s request log, newest first (log.read and a shared group)',
      description:
        'Pages follow `nextCursor` until it is null. `status` takes an exact status (`404`) or a class ' +
        '(`4xx`). `tokenName` is null once the token is deleted. Rows are kept for a limited age and count ' +
        'per account (server flags `--log-retention-days`, `--log-retention-count`).',
      auth: true,
      params: DomainAccountParams,
      query: RequestLogQuery,
      response: { status: 200, name: 'RequestLogPage', schema: RequestLogPage, description: 'One page of requests.' },
      errors: [400, 403, 404],
      handler: ({ params, query, caller }) => {
        enforcePermission(caller, canReadLogs);
        const domain = callerDomain(store, caller, params.domain);
        const view = store.serviceAccounts.get(domain.id, params.id);
        if (!view) throw accountNotFound(params.id, domain.name);
        enforce(canReadLogs(actorOf(caller), view.account));
        // Rows still queued from this turn are written first, so a caller sees its own earlier requests.
        store.requestLog.flush();
        return requestLogPage(store.db, params.id, query);
      },
    }),
  ];
}
