import { NEXT_CURSOR_HEADER } from '../../src-shared/api/service-accounts.js';
import { ACCESS, mayCall } from '../../src-shared/authz.js';
import { actorOf } from '../auth/caller.js';
import { HttpError } from '../http/errors.js';
import { RawJson, type HandlerModule } from '../http/route.js';
import { listPageJson } from '../store/page-json.js';
import { InvalidCursorError } from '../store/sa-cursor.js';
import type { Store } from '../store/store.js';
import { accountNotFound, callerDomain } from './scope.js';

/** Listing (and incremental sync) and reading service accounts. */
export function serviceAccountHandlers(store: Store) {
  return {
    listServiceAccounts: {
      handler: async ({ params, query, caller, reply }) => {
        const domain = await callerDomain(store, caller, params.domain);
        const since = query.changesSince === undefined ? undefined : Number(query.changesSince);
        if (since !== undefined && !Number.isSafeInteger(since)) {
          throw new HttpError(400, 'validation_failed', 'changesSince is not a syncCursor this server issued.', [
            { in: 'query', path: 'changesSince', code: 'too_big', message: 'Not a syncCursor this server issued.' },
          ]);
        }
        try {
          const page = await store.serviceAccounts.list({
            domainId: domain.id,
            search: query.search,
            status: query.status,
            role: query.role,
            sort: query.sort,
            limit: query.limit,
            cursor: query.cursor,
            changesSince: since,
            count: query.count === 'true',
            tokens:
              query.include === 'tokens'
                ? // Each account's tokens also need a shared group, which the page checks per account in SQL.
                  { visibleInGroups: mayCall(actorOf(caller), ACCESS.manageTokens).allowed ? [...caller.groupIds] : [] }
                : undefined,
          });
          // The next cursor also goes in a header, so a client can ask for the next page while it is
          // still reading this one (the body is large; its last field is not where to look first).
          if (page.nextCursor !== null) void reply.header(NEXT_CURSOR_HEADER, page.nextCursor);
          return new RawJson(listPageJson(page));
        } catch (error) {
          if (error instanceof InvalidCursorError) {
            throw new HttpError(400, 'validation_failed', error.message, [
              { in: 'query', path: 'cursor', code: 'invalid_cursor', message: error.message },
            ]);
          }
          throw error;
        }
      },
    },
    getServiceAccount: {
      handler: async ({ params, caller }) => {
        const domain = await callerDomain(store, caller, params.domain);
        const view = await store.serviceAccounts.get(domain.id, params.id);
        if (!view) throw accountNotFound(params.id, domain.name);
        return view.account;
      },
    },
  } satisfies HandlerModule;
}
