import { useMutation } from '@tanstack/react-query';
import type { ConnectionInput, ConnectionView } from '../../../src-shared/ipc/models.js';
import { request } from '../../bridge.js';
import type { Concealed } from '../../data/concealed.js';
import { openConnection } from '../../data/open-connection.js';
import { queryClient } from '../../data/query-client.js';
import { queryKeys } from '../../data/query-keys.js';
import type { ConnectionPatchInput } from '../../lib/connection-form.js';
import { useAppStore } from '../../store/app-store.js';

/**
 * Adding, changing, testing and removing connections. What the user typed, admin token included,
 * travels to main inside a Concealed box: the mutation cache keeps the box, never the token, and
 * drops even that when the dialog goes (gcTime 0).
 */

/** A connection as main answered it: in its place in the list, or added at the end. */
function putConnection(view: ConnectionView): void {
  queryClient.setQueryData<ConnectionView[]>(queryKeys.connections, (connections = []) =>
    connections.some((c) => c.id === view.id)
      ? connections.map((c) => (c.id === view.id ? view : c))
      : [...connections, view],
  );
}

/** What the connection dialog saves: a new connection, or a change to one. */
export type SaveRequest =
  { mode: 'add'; input: ConnectionInput } | { mode: 'edit'; id: string; patch: ConnectionPatchInput };

export function useSaveConnection() {
  return useMutation({
    gcTime: 0,
    mutationFn: (concealed: Concealed<SaveRequest>) => {
      const save = concealed.open();
      return save.mode === 'add'
        ? request((bridge) => bridge.connections.add(save.input))
        : request((bridge) => bridge.connections.update({ id: save.id, patch: save.patch }));
    },
    onSuccess: (view, concealed) => {
      putConnection(view);
      // A new URL, domain or token is synced by main straight away.
      if (concealed.open().mode === 'add') openConnection(view.id);
    },
  });
}

/** A saved connection by id (main uses its stored token), or the values typed. */
export type TestRequest = { id: string } | Concealed<ConnectionInput>;

export function useTestConnection() {
  return useMutation({
    gcTime: 0,
    mutationFn: (target: TestRequest) =>
      request((bridge) => bridge.connections.test('id' in target ? target : target.open())),
  });
}

export function useRemoveConnection(id: string) {
  return useMutation({
    mutationFn: () => request((bridge) => bridge.connections.remove({ id })),
    onSuccess: () => {
      const remaining = (queryClient.getQueryData<ConnectionView[]>(queryKeys.connections) ?? []).filter(
        (c) => c.id !== id,
      );
      queryClient.setQueryData(queryKeys.connections, remaining);
      queryClient.removeQueries({ queryKey: queryKeys.connection(id) });
      if (useAppStore.getState().selectedConnectionId === id) openConnection(remaining[0]?.id ?? null);
    },
  });
}
