import type { QueryKey } from '@tanstack/react-query';
import { useId } from 'react';
import { useIsOffline } from '../data/connection-data.js';
import { usePagedList, type PagedListOptions } from '../data/paged-list.js';
import { CacheNotice } from './CacheNotice.js';
import { DataTable, type DataTableProps } from './DataTable.js';
import { ErrorMessage } from './ErrorMessage.js';

export const LOAD_MORE_OFFLINE = 'Offline: more can be loaded when the server is back.';

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
  const offline = useIsOffline();
  const reasonId = useId();
  return (
    <>
      {list.fromCache && list.asOf ? <CacheNotice what={what} asOf={list.asOf} /> : null}
      {list.error ? <ErrorMessage error={list.error} prefix={errorPrefix} /> : null}
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
              {LOAD_MORE_OFFLINE}
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
