import type { Bundle } from '../../../src-shared/api/bundles.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useDeleteBundle } from './bundle-mutations.js';
import type { Holders } from './bundle-holders.js';

export type DeleteBundleDialogProps = {
  connectionId: string;
  bundle: Bundle;
  holders: Holders;
  blockedReason: string | null;
  onClose: () => void;
};

function joinAnd(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Who loses what when the bundle goes, in one sentence: the confirm's whole point. */
export function deleteBundleWarning(bundle: Bundle, holders: Holders): string {
  const who = [
    ...(holders.people.length > 0 ? [joinAnd(holders.people)] : []),
    ...(holders.groups.length > 0
      ? [`everyone in the ${joinAnd(holders.groups)} group${holders.groups.length === 1 ? '' : 's'}`]
      : []),
  ];
  if (who.length === 0) return 'No one holds this bundle: deleting it takes no permission from anyone.';
  return `${who.join(', and ')} will lose ${joinAnd(bundle.permissions)} at once, unless a role or another bundle also gives it to them. This cannot be undone.`;
}

export function DeleteBundleDialog({ connectionId, bundle, holders, blockedReason, onClose }: DeleteBundleDialogProps) {
  const remove = useDeleteBundle(connectionId);
  return (
    <ConfirmDialog
      title={`Delete bundle ${bundle.name}?`}
      confirmLabel="Delete bundle"
      busyLabel="Working…"
      errorPrefix="Could not do it:"
      blockedReason={blockedReason}
      mutation={remove}
      onConfirm={() => remove.mutate(bundle.name, { onSuccess: onClose })}
      onClose={onClose}
    >
      <p className="notice notice--warn">{deleteBundleWarning(bundle, holders)}</p>
    </ConfirmDialog>
  );
}
