import { useMutation } from '@tanstack/react-query';
import type {
  CreatedMember,
  CreateGroupBody,
  CreateMemberBody,
  PatchGroupBody,
  PatchMemberBody,
} from '../../../src-shared/api/directory.js';
import { request } from '../../bridge.js';
import { putGroup, putMember, refreshDirectory, removeGroup, removeMember } from '../../data/cache-patches.js';
import { mutationKeys } from '../../data/query-keys.js';
import { useSecretMutation, type Revealed } from '../../data/secret-mutation.js';

/**
 * The domain's members and groups. Main has changed its cached lists when these answer: the answer
 * goes into the snapshot at once. A member change also moves the member counts of groups, so the
 * two small lists are read back when it is done (not the accounts). While one runs, the
 * snapshot:changed events it causes wait for it (the directory mutation key).
 */

/** Read back after a member change; a failure leaves the counts to the next sync. */
const refreshCounts = (connectionId: string) => refreshDirectory(connectionId, 'people').catch(() => undefined);

export function useCreateMember(connectionId: string, reveal: (revealed: Revealed<CreatedMember>) => void) {
  return useSecretMutation({
    mutationKey: mutationKeys.directory(connectionId),
    send: (input: CreateMemberBody) => request((bridge) => bridge.members.create({ connectionId, input })),
    reveal,
    onSuccess: ({ member }) => {
      putMember(connectionId, member);
      return refreshCounts(connectionId);
    },
  });
}

export function useUpdateMember(connectionId: string) {
  return useMutation({
    mutationKey: mutationKeys.directory(connectionId),
    mutationFn: ({ id, patch }: { id: string; patch: PatchMemberBody }) =>
      request((bridge) => bridge.members.update({ connectionId, id, patch })),
    onSuccess: (member) => {
      putMember(connectionId, member);
      return refreshCounts(connectionId);
    },
  });
}

export function useDeleteMember(connectionId: string) {
  return useMutation({
    mutationKey: mutationKeys.directory(connectionId),
    mutationFn: (id: string) => request((bridge) => bridge.members.remove({ connectionId, id })),
    onSuccess: (_null, id) => {
      removeMember(connectionId, id);
      return refreshCounts(connectionId);
    },
  });
}

/** Creates a group, or (with its name) changes one. */
export function useSaveGroup(connectionId: string, name?: string) {
  return useMutation({
    mutationKey: mutationKeys.directory(connectionId),
    mutationFn: (body: CreateGroupBody | PatchGroupBody) =>
      name === undefined
        ? request((bridge) => bridge.groups.create({ connectionId, input: body as CreateGroupBody }))
        : request((bridge) => bridge.groups.update({ connectionId, name, patch: body as PatchGroupBody })),
    onSuccess: (group) => putGroup(connectionId, group),
  });
}

export function useDeleteGroup(connectionId: string) {
  return useMutation({
    mutationKey: mutationKeys.directory(connectionId),
    mutationFn: (name: string) => request((bridge) => bridge.groups.remove({ connectionId, name })),
    onSuccess: (_null, name) => removeGroup(connectionId, name),
  });
}
