import { useState, type FormEvent } from 'react';
import { BundleName, CreateBundleBody, PatchBundleBody, type Bundle } from '../../../src-shared/api/bundles.js';
import type { Permission } from '../../../src-shared/roles.js';
import { Dialog } from '../../components/Dialog.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { NameField } from '../../components/NameField.js';
import { TextAreaField } from '../../components/TextAreaField.js';
import { useTouched } from '../../components/use-touched.js';
import { useUnsaved } from '../../components/use-unsaved.js';
import { fieldErrors, valueError } from '../../lib/field-errors.js';
import { useSaveBundle } from './bundle-mutations.js';
import { PermissionChecklist } from './PermissionChecklist.js';

export type BundleDialogProps = {
  connectionId: string;
  /** The bundle being edited; absent to create one. */
  bundle?: Bundle;
  takenNames: readonly string[];
  blockedReason: string | null;
  onClose: () => void;
};

export const BUNDLE_NAME_HINT =
  '2–64 letters, digits, dots, dashes or underscores. It cannot be changed later: it is how the bundle is granted.';

function nameError(name: string, taken: readonly string[]): string | undefined {
  return valueError(BundleName, name) ?? (taken.includes(name) ? 'A bundle with that name already exists.' : undefined);
}

/**
 * "New bundle" (name, description, permissions) or "Edit bundle" (description and permissions; the
 * name is fixed), checked with the shared schemas. Admins only; the server keeps the ceiling and the
 * domain's last member manager.
 */
export function BundleDialog({ connectionId, bundle, takenNames, blockedReason, onClose }: BundleDialogProps) {
  const adding = !bundle;
  const save = useSaveBundle(connectionId, bundle?.name);
  const [name, setName] = useState('');
  const [description, setDescription] = useState(bundle?.description ?? '');
  const [permissions, setPermissions] = useState<Permission[]>(bundle ? [...bundle.permissions] : []);
  const touch = useTouched<'name' | 'description' | 'permissions'>();
  const parsed = adding
    ? CreateBundleBody.safeParse({ name, description, permissions })
    : PatchBundleBody.safeParse({ description, permissions });
  const errors = parsed.success ? {} : fieldErrors(parsed.error.issues, ['description', 'permissions']);
  const shownName = adding && touch.shows('name') ? nameError(name, takenNames) : undefined;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    touch.submit();
    if (save.isPending || blockedReason || !parsed.success || (adding && nameError(name, takenNames))) return;
    save.mutate(parsed.data, { onSuccess: onClose });
  }

  const unsaved = useUnsaved({ name, description, permissions });
  return (
    <Dialog
      title={adding ? 'New bundle' : `Edit bundle ${bundle.name}`}
      size="large"
      onClose={onClose}
      dirty={unsaved}
      description={
        <p>
          A bundle is a named set of permissions, a custom role. People and groups it is granted to hold its permissions
          on top of their roles; service accounts never take permissions from a bundle.
          {adding ? null : ' A change reaches everyone who holds it at once.'}
        </p>
      }
    >
      <form className="form" noValidate aria-label={adding ? 'New bundle' : 'Bundle'} onSubmit={onSubmit}>
        {adding ? (
          <NameField
            value={name}
            onChange={(next) => {
              setName(next);
              touch.change('name');
            }}
            onBlur={touch.blurOf('name')}
            error={shownName}
            hint={BUNDLE_NAME_HINT}
          />
        ) : null}
        <TextAreaField
          label="Description"
          value={description}
          onChange={(next) => {
            setDescription(next);
            touch.change('description');
          }}
          onBlur={touch.blurOf('description')}
          error={touch.shows('description') ? errors.description : undefined}
        />
        <PermissionChecklist
          value={permissions}
          onChange={(next) => {
            setPermissions(next);
            touch.change('permissions');
          }}
          error={touch.shows('permissions') ? errors.permissions : undefined}
        />
        <MutationError mutation={save} prefix="Could not save the bundle:" />
        <FormActions
          label={adding ? 'Create bundle' : 'Save'}
          busyLabel="Saving…"
          busy={save.isPending}
          blockedReason={blockedReason}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
