import type { QueryKey } from '@tanstack/react-query';
import { useId } from 'react';
import { useLink } from '../data/connection-data.js';
import { usePagedList, type PagedListOptions } from '../data/paged-list.js';
import { CacheNotice } from './CacheNotice.js';
import { DataTable, type DataTableProps } from './DataTable.js';
import { ErrorMessage } from './ErrorMessage.js';

export const LOAD_MORE_OFFLINE = 'Offline: more can be loaded when the server is back.';
export const LOAD_MORE_TOKEN_REJECTED =
  'The server rejected this connection’s token: more can be loaded once it has a valid one.';

export type PagedTableProps<T, K extends QueryKey> = Omit<DataTableProps<T>, 'rows' | 'failed' | 'loading'> & {
  /** The list's infinite query (data/queries.ts): its key holds the filters. */
  query: PagedListOptions<T, K>;
  /** What the rows are, for the offline notice: "requests", "events". */
  what: string;
  /** Before the failure's own words: "Could not load the request log:". */
  errorPrefix: string;
  loadingText: string;
};

/**
 * A newest-first list read a page at a time (logs, audit): the offline copy's notice, a failure in
 * main's or the server's words, the table, and "Load more". Offline, only the first page is kept, so
 * Load more is off and says why.
 */
export function PagedTable<T, K extends QueryKey>(props: PagedTableProps<T, K>) {
  const { query, what, errorPrefix, loadingText, ...table } = props;
  const list = usePagedList(query);
  const link = useLink()?.state ?? 'online';
  const offline = link !== 'online';
  const reasonId = useId();
  return (
    <>
      {list.fromCache && list.asOf ? <CacheNotice what={what} asOf={list.asOf} /> : null}
      {list.error && offline ? (
        // Not kept for offline use: a fact of being offline, said as such rather than as a failure.
        <p className="notice notice--info" role="status">
          {list.error.message}
        </p>
      ) : list.error ? (
        <ErrorMessage error={list.error} prefix={errorPrefix} />
      ) : null}
      <DataTable
        {...table}
        rows={list.items}
        failed={list.error !== null}
        loading={<p className="muted">{loadingText}</p>}
      />
      {list.nextCursor ? (
        <div className="load-more">
          <button
            type="button"
            className="button"
            disabled={list.loading || offline}
            aria-describedby={offline ? reasonId : undefined}
            onClick={list.loadMore}
          >
            {list.loading ? 'Loading…' : 'Load more'}
          </button>
          {offline ? (
            <p id={reasonId} className="muted small">
              {link === 'auth_failed' ? LOAD_MORE_TOKEN_REJECTED : LOAD_MORE_OFFLINE}
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
