import type { ConnectionView } from '../../../src-shared/ipc/models.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useRemoveConnection } from './connection-mutations.js';

export type RemoveConnectionDialogProps = { connection: ConnectionView; onClose: () => void };

/** Confirmation before forgetting a connection; nothing on the server changes, so it works offline too. */
export function RemoveConnectionDialog({ connection, onClose }: RemoveConnectionDialogProps) {
  const remove = useRemoveConnection(connection.id);
  return (
    <ConfirmDialog
      title="Remove connection?"
      description={
        <p>
          TokenDesk will forget <strong className="break">{connection.name}</strong>, its stored token and its cached
          data on this computer. Nothing changes on the server.
        </p>
      }
      confirmLabel="Remove"
      busyLabel="Removing…"
      errorPrefix="Could not remove:"
      local
      mutation={remove}
      onConfirm={() => remove.mutate(undefined, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}
