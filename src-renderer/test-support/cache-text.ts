import { queryClient } from '../data/query-client.js';

/**
 * Everything the QueryClient holds, as text: every query (key, data, error) and every mutation
 * (key, variables, answer, error, context), for tests that look for a secret where none may be.
 */
export function cacheText(): string {
  const queries = queryClient
    .getQueryCache()
    .getAll()
    .map((query) => ({ key: query.queryKey, state: query.state }));
  const mutations = queryClient
    .getMutationCache()
    .getAll()
    .map((mutation) => ({ key: mutation.options.mutationKey, state: mutation.state }));
  return JSON.stringify({ queries, mutations }, (_key, value: unknown) =>
    // An Error keeps its message out of JSON.stringify; a secret in one must still show.
    value instanceof Error ? { ...value, message: value.message } : value,
  );
}

/**
 * cacheText() at every change of either cache from now on (until `stop`), so that a secret held for
 * only a moment (a mutation dropped a turn later, gcTime 0) still shows.
 */
export function recordCaches(): { texts: string[]; stop: () => void } {
  const texts: string[] = [];
  const record = () => texts.push(cacheText());
  const stops = [queryClient.getQueryCache().subscribe(record), queryClient.getMutationCache().subscribe(record)];
  return { texts, stop: () => stops.forEach((stop) => stop()) };
}
