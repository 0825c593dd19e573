import type { Group, Member } from '../../../src-shared/api/directory.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { useDeleteGroup, useDeleteMember } from './directory-mutations.js';

type DeleteProps<T> = { connectionId: string; item: T; blockedReason: string | null; onClose: () => void };

export function DeleteMemberDialog({ connectionId, item, blockedReason, onClose }: DeleteProps<Member>) {
  const remove = useDeleteMember(connectionId);
  return (
    <ConfirmDialog
      title={`Delete member ${item.name}?`}
      confirmLabel="Delete member"
      blockedReason={blockedReason}
      mutation={remove}
      onConfirm={() => remove.mutate(item.id, { onSuccess: onClose })}
      onClose={onClose}
    >
      <p className="notice notice--warn">
        Their personal tokens stop working at once and show as DEACTIVATED. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}

export function DeleteGroupDialog({ connectionId, item, blockedReason, onClose }: DeleteProps<Group>) {
  const remove = useDeleteGroup(connectionId);
  return (
    <ConfirmDialog
      title={`Delete group ${item.name}?`}
      confirmLabel="Delete group"
      blockedReason={blockedReason}
      mutation={remove}
      onConfirm={() => remove.mutate(item.name, { onSuccess: onClose })}
      onClose={onClose}
    >
      <p className="notice notice--warn">
        Members and service accounts leave this group. Whoever could change an account only through it no longer can.
      </p>
    </ConfirmDialog>
  );
}
