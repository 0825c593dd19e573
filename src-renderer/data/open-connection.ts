import { request } from '../bridge.js';
import { readLastConnectionId } from '../lib/last-connection.js';
import { useAppStore } from '../store/app-store.js';
import { connectionsQuery, snapshotQuery, syncStatusQuery } from './queries.js';
import { queryClient } from './query-client.js';
import { forgetMutations } from './run-mutation.js';

/**
 * Shows a connection: chosen in the store, its cached snapshot read first (works offline), then main
 * is told it is the one shown (connections:select): main syncs it and keeps it live from then on
 * (background checks, the sync schedule) and lets the one shown before go. What failed on the one
 * shown before (a refused enable switch) is not shown again.
 */
export function openConnection(connectionId: string | null): void {
  useAppStore.getState().selectConnection(connectionId);
  forgetMutations({ mutationKey: ['connection'] });
  if (connectionId !== null) {
    void queryClient.prefetchQuery(snapshotQuery(connectionId));
    void queryClient.prefetchQuery(syncStatusQuery(connectionId));
  }
  // The state it answers is not applied: the sync it starts pushes every change as sync:status, and
  // an answer that arrives after those events would put an older state back over them.
  // An unknown connection fails: the connections list, read again, no longer holds it.
  request((bridge) => bridge.connections.select({ id: connectionId })).catch(() => undefined);
}

/**
 * Reads the connections (again, after an error) and opens the last used one, or the first; with
 * none, goes to Connections. A failure stays in the query, where the Connections screen shows it.
 */
export async function loadConnections(): Promise<void> {
  let connections;
  try {
    connections = await queryClient.fetchQuery({ ...connectionsQuery(), staleTime: 0 });
  } catch {
    return;
  }
  const remembered = readLastConnectionId();
  const pick = connections.find((c) => c.id === remembered) ?? connections[0];
  if (pick) openConnection(pick.id);
  else useAppStore.getState().navigate({ name: 'connections' });
}
