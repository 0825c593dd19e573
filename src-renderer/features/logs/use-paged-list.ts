import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, Result } from '../../../src-shared/errors.js';

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

type Loaded<T> = {
  key: string;
  items: T[];
  nextCursor: string | null;
  asOf: string | null;
  fromCache: boolean;
  error: AppError | null;
};

/**
 * A newest-first, cursor-paged list: the first page loads whenever `key` (the filters) changes, and
 * "Load more" appends the next. What is shown is keyed by the filters, so an answer for filters no
 * longer chosen is never shown under the new ones.
 */
export function usePagedList<T>(
  key: string,
  fetchPage: (cursor: string | undefined) => Promise<Result<CachedPageOf<T>>>,
): PagedList<T> {
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);
  const [moreFor, setMoreFor] = useState<string | null>(null);
  const fetchRef = useRef(fetchPage);
  const keyRef = useRef(key);
  useEffect(() => {
    fetchRef.current = fetchPage;
    keyRef.current = key;
  });

  useEffect(() => {
    let live = true;
    void fetchRef.current(undefined).then((result) => {
      if (!live) return;
      setLoaded(
        result.ok
          ? { key, ...result.value, error: null }
          : { key, items: [], nextCursor: null, asOf: null, fromCache: false, error: result.error },
      );
    });
    return () => {
      live = false;
    };
  }, [key]);

  const current = loaded?.key === key ? loaded : null;
  const loadMore = useCallback(() => {
    const cursor = current?.nextCursor;
    if (!cursor || moreFor === key) return;
    setMoreFor(key);
    void fetchRef.current(cursor).then((result) => {
      setMoreFor(null);
      if (keyRef.current !== key) return;
      setLoaded((was) => {
        if (!was || was.key !== key) return was;
        if (!result.ok) return { ...was, error: result.error };
        return { ...was, ...result.value, items: [...was.items, ...result.value.items], error: null };
      });
    });
  }, [current?.nextCursor, moreFor, key]);

  return {
    items: current?.items ?? null,
    nextCursor: current?.nextCursor ?? null,
    asOf: current?.asOf ?? null,
    fromCache: current?.fromCache ?? false,
    error: current?.error ?? null,
    loading: moreFor === key,
    loadMore,
  };
}
