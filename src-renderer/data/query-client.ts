import { QueryClient } from '@tanstack/react-query';

/**
 * The renderer's one QueryClient. Its data comes from main over the bridge, not from a network the
 * browser knows about: queries run whatever `navigator.onLine` says (offline, main answers from its
 * cache), nothing is retried here (main retries what may be retried), and nothing is refetched on
 * focus. What main caches stays fresh until main says it changed (snapshot:changed, sync:status).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      networkMode: 'always',
      retry: false,
      staleTime: Infinity,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
    mutations: { networkMode: 'always', retry: false },
  },
});
