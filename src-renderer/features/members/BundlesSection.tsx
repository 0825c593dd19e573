import { useState } from 'react';
import type { Bundle } from '../../../src-shared/api/bundles.js';
import type { Group, Member } from '../../../src-shared/api/directory.js';
import { ACCESS, mayCall, type Actor } from '../../../src-shared/authz.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useCanChange } from '../../components/use-can-change.js';
import { holdersOf } from './bundle-holders.js';
import { BundleDialog } from './BundleDialog.js';
import { BundlesTable } from './BundlesTable.js';
import { DeleteBundleDialog } from './DeleteBundleDialog.js';

export type BundlesSectionProps = {
  connectionId: string | null;
  bundles: readonly Bundle[];
  members: readonly Member[];
  groups: readonly Group[];
  actor: Actor | undefined;
};

export const WHAT_A_BUNDLE_IS =
  'A bundle is a named set of permissions, a custom role (IOMETE calls it domain authorization). Grant it to people or groups in their dialogs: they hold its permissions on top of their roles. Service accounts never take permissions from a bundle.';

type Open = { kind: 'add' } | { kind: 'edit'; bundle: Bundle } | { kind: 'delete'; bundle: Bundle } | null;

/**
 * The domain's bundles under Members, next to people and groups, from the cached snapshot (offline too).
 * Admins create, edit and delete them; others read them, told why they may not change them (the shared
 * rule's words), or why they cannot see them at all.
 */
export function BundlesSection({ connectionId, bundles, members, groups, actor }: BundlesSectionProps) {
  const online = useCanChange();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const read = actor ? mayCall(actor, ACCESS.readBundles, { bundles }) : null;
  const define = actor ? mayCall(actor, ACCESS.defineBundles) : null;
  const readOnly = !define?.allowed;
  const blockedReason = online.canChange ? null : online.reason;

  return (
    <section className="bundles-section" aria-labelledby="bundles-title">
      <div className="section-header">
        <h2 className="section-title" id="bundles-title">
          Bundles
        </h2>
        {readOnly ? null : (
          <ChangeButton className="button" blockedReason={blockedReason} onClick={() => setOpen({ kind: 'add' })}>
            New bundle
          </ChangeButton>
        )}
      </div>
      {read && !read.allowed ? (
        <p className="blocked-reason" role="note">
          {read.reason}
        </p>
      ) : (
        <>
          {readOnly && define && !define.allowed ? (
            <p className="blocked-reason" role="note">
              {`You can see the bundles but not change them. ${define.reason}`}
            </p>
          ) : null}
          {bundles.length === 0 ? (
            <EmptyState title="No bundles yet">
              <p>{WHAT_A_BUNDLE_IS}</p>
            </EmptyState>
          ) : (
            <BundlesTable
              bundles={bundles}
              members={members}
              groups={groups}
              blockedReason={blockedReason}
              readOnly={readOnly}
              onEdit={(bundle) => setOpen({ kind: 'edit', bundle })}
              onDelete={(bundle) => setOpen({ kind: 'delete', bundle })}
            />
          )}
        </>
      )}
      {connectionId !== null && (open?.kind === 'add' || open?.kind === 'edit') ? (
        <BundleDialog
          connectionId={connectionId}
          {...(open.kind === 'edit' ? { bundle: open.bundle } : {})}
          takenNames={bundles.map((b) => b.name)}
          blockedReason={blockedReason}
          onClose={close}
        />
      ) : null}
      {connectionId !== null && open?.kind === 'delete' ? (
        <DeleteBundleDialog
          connectionId={connectionId}
          bundle={open.bundle}
          holders={holdersOf(open.bundle.name, members, groups)}
          blockedReason={blockedReason}
          onClose={close}
        />
      ) : null}
    </section>
  );
}
