import type { Actor } from '../../../src-shared/authz.js';
import { PERMISSION_INFO } from '../../../src-shared/permissions.js';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import type { Permission } from '../../../src-shared/roles.js';
import { Dialog } from '../../components/Dialog.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { changeRefusal, type PermissionChange } from '../../lib/permission-edit.js';
import { useUpdateAccount } from './account-mutations.js';

export type PermissionChangeDialogProps = {
  connectionId: string;
  account: AccountRow;
  change: PermissionChange;
  /** Who saves: the ceiling is asked once more over the whole change (the server has the last word). */
  actor: Actor | null;
  onClose: () => void;
  onSaved: () => void;
};

export const EXISTING_TOKENS_NOTE =
  'Takes effect on the account’s existing tokens at once, with no re-issue: a token holds its own roles’ permissions plus the account’s grants, minus its denies.';

/** The preview before a permission change is saved: what the account gains and loses, and that its tokens follow. */
export function PermissionChangeDialog({
  connectionId,
  account,
  change,
  actor,
  onClose,
  onSaved,
}: PermissionChangeDialogProps) {
  const update = useUpdateAccount(connectionId, account.id);
  const blocked = actor ? changeRefusal(actor, account, change) : null;
  const tokens = account.tokenCount;
  return (
    <Dialog
      title={`Save permission changes for ${account.name}?`}
      size="medium"
      onClose={onClose}
      description={EXISTING_TOKENS_NOTE}
    >
      <div className="permission-preview">
        <PermissionList title="Gains" permissions={change.gains} empty="Nothing new." />
        <PermissionList title="Loses" permissions={change.losses} empty="Nothing taken away." />
        <p className="muted small">
          {tokens === 0
            ? 'It has no tokens yet; tokens issued later hold these permissions too.'
            : `Its ${tokens} ${tokens === 1 ? 'token follows' : 'tokens follow'} at once. A permission that comes with a role reaches only tokens that carry that role; a grant reaches every token.`}
        </p>
        <p className="muted small">
          After saving: {listOrNone(change.grants, 'no grants')}; {listOrNone(change.denies, 'no denies', 'denied')}.
        </p>
      </div>
      <MutationError mutation={update} prefix="Could not save:" />
      <FormActions
        label="Save changes"
        busyLabel="Saving…"
        busy={update.isPending}
        blockedReason={blocked}
        onAct={() => {
          if (update.isPending || blocked) return;
          update.mutate({ grants: change.grants, denies: change.denies }, { onSuccess: onSaved });
        }}
        onCancel={onClose}
        cancelLabel="Back"
      />
    </Dialog>
  );
}

function PermissionList({ title, permissions, empty }: { title: string; permissions: Permission[]; empty: string }) {
  return (
    <section className="preview__block" aria-label={title}>
      <h3 className="preview__label">
        {title} ({permissions.length})
      </h3>
      {permissions.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ul className="permission-list">
          {permissions.map((permission) => (
            <li key={permission}>
              <code className="mono">{permission}</code>
              <span className="permission-list__text">{PERMISSION_INFO[permission].allows}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function listOrNone(permissions: readonly Permission[], none: string, word = 'granted'): string {
  return permissions.length === 0 ? none : `${word} ${permissions.join(', ')}`;
}
