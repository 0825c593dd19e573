import type { ListPage } from './service-accounts.js';

/**
 * A list page as the JSON text of ServiceAccountListResponse. Account objects go through
 * JSON.stringify; token arrays arrive already as JSON from SQLite and are spliced in unchanged.
 */
export function listPageJson(page: ListPage): string {
  const items = page.items.map((view) => {
    const account = JSON.stringify(view.account);
    if (view.tokensJson === undefined) return account;
    return `${account.slice(0, -1)},"tokens":${view.tokensJson ?? 'null'}}`;
  });
  const total = page.total === undefined ? '' : `,"total":${page.total}`;
  return (
    `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)},` +
    `"syncCursor":${JSON.stringify(page.syncCursor)},"deleted":${JSON.stringify(page.deleted)}${total}}`
  );
}
