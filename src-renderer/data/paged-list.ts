import {
  useInfiniteQuery,
  type InfiniteData,
  type QueryKey,
  type UseInfiniteQueryOptions,
} from '@tanstack/react-query';
import type { AppError } from '../../src-shared/errors.js';
import { appErrorOf } from '../bridge.js';

/** One page as logs:list and audit:list answer it: from the server, or the cached first page offline. */
export type CachedPageOf<T> = { items: T[]; nextCursor: string | null; asOf: string; fromCache: boolean };

export type PagedList<T> = {
  /** Null until the first page for the current filters has arrived. */
  items: T[] | null;
  nextCursor: string | null;
  asOf: string | null;
  fromCache: boolean;
  error: AppError | null;
  loading: boolean;
  loadMore: () => void;
};

export type PagedListOptions<T, K extends QueryKey> = UseInfiniteQueryOptions<
  CachedPageOf<T>,
  Error,
  InfiniteData<CachedPageOf<T>>,
  K,
  string
>;

/**
 * A newest-first, cursor-paged list (logs, audit) read with useInfiniteQuery: the first page for
 * the filters in the query's key, and "Load more" appends the next. Other filters are another key,
 * so an answer for filters no longer chosen is never shown under the new ones.
 */
export function usePagedList<T, K extends QueryKey>(options: PagedListOptions<T, K>): PagedList<T> {
  const query = useInfiniteQuery(options);
  const pages = query.data?.pages ?? [];
  const last = pages.at(-1);
  return {
    items: last ? pages.flatMap((page) => page.items) : null,
    nextCursor: last?.nextCursor ?? null,
    asOf: last?.asOf ?? null,
    fromCache: last?.fromCache ?? false,
    error: query.error ? appErrorOf(query.error) : null,
    loading: query.isFetchingNextPage,
    loadMore: () => {
      if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
    },
  };
}
