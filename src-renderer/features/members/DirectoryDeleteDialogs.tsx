import type { Group, Member } from '../../../src-shared/api/directory.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useDeleteGroup, useDeleteMember } from './directory-mutations.js';

type DeleteProps<T> = { connectionId: string; item: T; blockedReason: string | null; onClose: () => void };

export function DeleteMemberDialog({ connectionId, item, blockedReason, onClose }: DeleteProps<Member>) {
  const remove = useDeleteMember(connectionId);
  return (
    <DeleteDialog
      what="member"
      name={item.name}
      warning="Their personal tokens stop working at once and show as DEACTIVATED. This cannot be undone."
      mutation={remove}
      onConfirm={() => remove.mutate(item.id, { onSuccess: onClose })}
      blockedReason={blockedReason}
      onClose={onClose}
    />
  );
}

export function DeleteGroupDialog({ connectionId, item, blockedReason, onClose }: DeleteProps<Group>) {
  const remove = useDeleteGroup(connectionId);
  return (
    <DeleteDialog
      what="group"
      name={item.name}
      warning="Members and service accounts leave this group. Whoever could change an account only through it no longer can."
      mutation={remove}
      onConfirm={() => remove.mutate(item.name, { onSuccess: onClose })}
      blockedReason={blockedReason}
      onClose={onClose}
    />
  );
}

type DeleteDialogProps = {
  what: 'member' | 'group';
  name: string;
  warning: string;
  mutation: { isPending: boolean; error: unknown };
  onConfirm: () => void;
  blockedReason: string | null;
  onClose: () => void;
};

/** Deleting a member or a group: the same words around what each takes with it. */
function DeleteDialog({ what, name, warning, ...rest }: DeleteDialogProps) {
  return (
    <ConfirmDialog
      title={`Delete ${what} ${name}?`}
      confirmLabel={`Delete ${what}`}
      busyLabel="Working…"
      errorPrefix="Could not do it:"
      {...rest}
    >
      <p className="notice notice--warn">{warning}</p>
    </ConfirmDialog>
  );
}
