import { useShallow } from 'zustand/react/shallow';
import type { ConnectionView } from '../../../src-shared/ipc/models.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useAppStore } from '../../store/app-store.js';

export type RemoveConnectionDialogProps = { connection: ConnectionView; onClose: () => void };

/** Confirmation before forgetting a connection; nothing on the server changes. */
export function RemoveConnectionDialog({ connection, onClose }: RemoveConnectionDialogProps) {
  const { removing, removeError, remove } = useAppStore(
    useShallow((state) => ({
      removing: state.removing,
      removeError: state.removeError,
      remove: state.removeConnection,
    })),
  );
  async function onRemove() {
    const result = await remove(connection.id);
    if (result.ok) onClose();
  }
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
      {removeError ? <ErrorMessage error={removeError} prefix="Could not remove:" /> : null}
      <div className="form__actions">
        <span className="form__spacer" />
        <button type="button" className="button button--ghost" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--danger" disabled={removing} onClick={() => void onRemove()}>
          {removing ? 'Removing…' : 'Remove'}
        </button>
      </div>
    </Dialog>
  );
}
