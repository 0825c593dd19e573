import type { MutationFilters, MutationKey, MutationOptions } from '@tanstack/react-query';
import { queryClient } from './query-client.js';

/**
 * Runs a mutation that belongs to no one component: a sync started by a connection switch, or an
 * enable switch in a list row that may scroll away while it runs. Its pending and failure state stay
 * in the mutation cache, where every place that shows them reads them (useMutationState).
 *
 * The last run of a key is kept until the next one starts, so its failure stays on screen until
 * then, or until `forgetMutations` drops it (a notice dismissed, another connection chosen).
 */
export function runMutation<TData, TVariables>(
  options: MutationOptions<TData, Error, TVariables> & { mutationKey: MutationKey },
  variables: TVariables,
): Promise<TData> {
  forgetMutations({ mutationKey: options.mutationKey, exact: true });
  const mutation = queryClient
    .getMutationCache()
    .build(queryClient, queryClient.defaultMutationOptions({ gcTime: Infinity, ...options }));
  return mutation.execute(variables);
}

/** Drops the finished runs the filters find, e.g. a dismissed failure. */
export function forgetMutations(filters: MutationFilters): void {
  const cache = queryClient.getMutationCache();
  for (const mutation of cache.findAll(filters)) {
    if (mutation.state.status !== 'pending') cache.remove(mutation);
  }
}
