import type { ListPage } from './service-accounts.js';

/**
 * A list page as the JSON text of ServiceAccountListResponse. The items arrive from SQLite already as
 * JSON text (see LIST_ITEM_OPEN) and are spliced in unchanged.
 */
export function listPageJson(page: ListPage): string {
  const total = page.total === undefined ? '' : `,"total":${page.total}`;
  return (
    `{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)},` +
    `"syncCursor":${JSON.stringify(page.syncCursor)},"deleted":${JSON.stringify(page.deleted)}${total}}`
  );
}
