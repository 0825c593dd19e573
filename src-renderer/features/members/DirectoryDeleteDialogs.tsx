import type { Group, Member } from '../../../src-shared/api/directory.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useDeleteGroup, useDeleteMember } from './directory-mutations.js';

type DeleteProps<T> = { connectionId: string; item: T; blockedReason: string | null; onClose: () => void };

const WARNINGS = {
  member: 'Their personal tokens stop working at once and show as DEACTIVATED. This cannot be undone.',
  group:
    'Members and service accounts leave this group. Whoever could change an account only through it no longer can.',
};

export function DeleteMemberDialog(props: DeleteProps<Member>) {
  const remove = useDeleteMember(props.connectionId);
  return <DeleteDialog what="member" {...props} mutation={remove} target={props.item.id} />;
}

export function DeleteGroupDialog(props: DeleteProps<Group>) {
  const remove = useDeleteGroup(props.connectionId);
  return <DeleteDialog what="group" {...props} mutation={remove} target={props.item.name} />;
}

type DeleteDialogProps = DeleteProps<{ name: string }> & {
  what: keyof typeof WARNINGS;
  /** The delete, and what it is called with: a member's id, a group's name. */
  mutation: {
    isPending: boolean;
    error: unknown;
    mutate: (target: string, options: { onSuccess: () => void }) => void;
  };
  target: string;
};

/** Deleting a member or a group: the same words around what each takes with it. */
function DeleteDialog({ what, item, mutation, target, blockedReason, onClose }: DeleteDialogProps) {
  return (
    <ConfirmDialog
      title={`Delete ${what} ${item.name}?`}
      confirmLabel={`Delete ${what}`}
      busyLabel="Working…"
      errorPrefix="Could not do it:"
      blockedReason={blockedReason}
      mutation={mutation}
      onConfirm={() => mutation.mutate(target, { onSuccess: onClose })}
      onClose={onClose}
    >
      <p className="notice notice--warn">{WARNINGS[what]}</p>
    </ConfirmDialog>
  );
}
