import { useMutation } from '@tanstack/react-query';
import type { CreateBundleBody, PatchBundleBody } from '../../../src-shared/api/bundles.js';
import { request } from '../../bridge.js';
import { putBundle, putGrantedBundles, removeBundle } from '../../data/cache-patches.js';
import { mutationKeys } from '../../data/query-keys.js';

/**
 * The domain's bundles and their grants. As with members and groups, main has changed its cached
 * lists when these answer, and the answer goes into the snapshot at once; while one runs, the
 * snapshot:changed events it causes wait for it (the directory mutation key).
 */

/** Creates a bundle, or (with its name) changes one: the name is how it is granted, so it stays. */
export function useSaveBundle(connectionId: string, name?: string) {
  return useMutation({
    mutationKey: mutationKeys.directory(connectionId),
    mutationFn: (body: CreateBundleBody | PatchBundleBody) =>
      name === undefined
        ? request((bridge) => bridge.bundles.create({ connectionId, input: body as CreateBundleBody }))
        : request((bridge) => bridge.bundles.update({ connectionId, name, patch: body })),
    onSuccess: (bundle) => putBundle(connectionId, bundle),
  });
}

export function useDeleteBundle(connectionId: string) {
  return useMutation({
    mutationKey: mutationKeys.directory(connectionId),
    mutationFn: (name: string) => request((bridge) => bridge.bundles.remove({ connectionId, name })),
    onSuccess: (_null, name) => removeBundle(connectionId, name),
  });
}

/** Sets the bundles granted to one member: the whole new set. */
export function useSetMemberBundles(connectionId: string) {
  return useMutation({
    mutationKey: mutationKeys.directory(connectionId),
    mutationFn: ({ id, bundles }: { id: string; bundles: string[] }) =>
      request((bridge) => bridge.members.setBundles({ connectionId, id, bundles })),
    onSuccess: (granted, { id }) => putGrantedBundles(connectionId, { memberId: id }, granted.bundles),
  });
}

/** Sets the bundles granted to one group: every person in it holds them. */
export function useSetGroupBundles(connectionId: string) {
  return useMutation({
    mutationKey: mutationKeys.directory(connectionId),
    mutationFn: ({ name, bundles }: { name: string; bundles: string[] }) =>
      request((bridge) => bridge.groups.setBundles({ connectionId, name, bundles })),
    onSuccess: (granted, { name }) => putGrantedBundles(connectionId, { group: name }, granted.bundles),
  });
}
