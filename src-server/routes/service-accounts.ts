import { ServiceAccount } from '../../src-shared/api/models.js';
import { API_PREFIX } from '../../src-shared/api/paths.js';
import {
  NEXT_CURSOR_HEADER,
  ServiceAccountListQuery,
  ServiceAccountListResponse,
} from '../../src-shared/api/service-accounts.js';
import { mayManageTokens, requirePermission } from '../auth/caller.js';
import { HttpError } from '../http/errors.js';
import { defineRoute, RawJson, type AnyRouteSpec } from '../http/route.js';
import { listPageJson } from '../store/page-json.js';
import { InvalidCursorError } from '../store/sa-cursor.js';
import type { Store } from '../store/store.js';
import { accountNotFound, callerDomain, DomainAccountParams, DomainParams } from './scope.js';

const BASE = `${API_PREFIX}/domains/{domain}/service-accounts`;

export function serviceAccountRoutes(store: Store): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      path: BASE,
      operationId: 'listServiceAccounts',
      summary: 'List service accounts: search, filters, sort, cursor pages, and changes since a sync cursor',
      description:
        'Pages follow `nextCursor` until it is null. Every page of one walk reports the same `syncCursor` ' +
        '(the change sequence when the first page was read); pass it later as `changesSince` to receive only ' +
        'accounts changed after it, oldest change first, and on the first page the ids deleted since. ' +
        '`include=tokens` embeds token metadata, or `tokens: null` for accounts whose tokens the caller may ' +
        'not see (needs access_token.manage or Admin, and a shared group). The `X-Next-Cursor` header repeats ' +
        '`nextCursor`, so a client can request the next page before it has read this one.',
      auth: true,
      params: DomainParams,
      query: ServiceAccountListQuery,
      response: {
        status: 200,
        name: 'ServiceAccountListResponse',
        schema: ServiceAccountListResponse,
        description: 'One page of service accounts.',
      },
      errors: [403, 404],
      handler: ({ params, query, caller, reply }) => {
        requirePermission(caller, 'service_account.read');
        const domain = callerDomain(store, caller, params.domain);
        const since = query.changesSince === undefined ? undefined : Number(query.changesSince);
        if (since !== undefined && !Number.isSafeInteger(since)) {
          throw new HttpError(400, 'validation_failed', 'changesSince is not a syncCursor this server issued.', [
            { in: 'query', path: 'changesSince', code: 'too_big', message: 'Not a syncCursor this server issued.' },
          ]);
        }
        try {
          const page = store.serviceAccounts.list({
            domainId: domain.id,
            search: query.search,
            status: query.status,
            role: query.role,
            sort: query.sort,
            limit: query.limit,
            cursor: query.cursor,
            changesSince: since,
            tokens:
              query.include === 'tokens'
                ? { visibleInGroups: mayManageTokens(caller) ? [...caller.groupIds] : [] }
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
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/{id}`,
      operationId: 'getServiceAccount',
      summary: 'One service account',
      auth: true,
      params: DomainAccountParams,
      response: { status: 200, name: 'ServiceAccount', schema: ServiceAccount, description: 'The service account.' },
      errors: [403, 404],
      handler: ({ params, caller }) => {
        requirePermission(caller, 'service_account.read');
        const domain = callerDomain(store, caller, params.domain);
        const view = store.serviceAccounts.get(domain.id, params.id);
        if (!view) throw accountNotFound(params.id, domain.name);
        return view.account;
      },
    }),
  ];
}
