import type { ConnectionView } from '../../../src-shared/ipc/models.js';
import { Dialog } from '../../components/Dialog.js';
import { MutationError } from '../../components/MutationError.js';
import { useRemoveConnection } from './connection-mutations.js';

export type RemoveConnectionDialogProps = { connection: ConnectionView; onClose: () => void };

/** Confirmation before forgetting a connection; nothing on the server changes. */
export function RemoveConnectionDialog({ connection, onClose }: RemoveConnectionDialogProps) {
  const remove = useRemoveConnection(connection.id);
  return (
    <Dialog
      title="Remove connection?"
      size="small"
      onClose={onClose}
      description={
        <p>
          TokenDesk will forget <strong className="break">{connection.name}</strong>, its stored token and its cached
          data on this computer. Nothing changes on the server.
        </p>
      }
    >
      <MutationError mutation={remove} prefix="Could not remove:" />
      <div className="form__actions">
        <span className="form__spacer" />
        <button type="button" className="button button--ghost" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(undefined, { onSuccess: onClose })}
        >
          {remove.isPending ? 'Removing…' : 'Remove'}
        </button>
      </div>
    </Dialog>
  );
}
