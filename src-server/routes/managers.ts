import { leavesNoManager, NO_MANAGER_LEFT_REASON, type Handout, type Person } from '../../src-shared/authz.js';
import { HttpError } from '../http/errors.js';
import { bundleView } from '../store/bundles.js';
import type { Store } from '../store/store.js';

/**
 * The domain's people as the last-manager rule counts them (src-shared/authz.ts): their roles, whether
 * they are enabled, and what their own bundles and their groups' bundles give them, since member.manage
 * may come from any of these.
 */
export function peopleOf(store: Store, domainId: string): Person[] {
  return store.directory.humans(domainId).map((member) => ({
    ...member,
    bundlePermissions: store.bundles.heldByPerson(member.id).flatMap((b) => b.permissions),
  }));
}

/**
 * What a person's bundles would give them in `groupIds` (their own bundles and those groups'), for a
 * change of their groups checked before it is written.
 */
export function bundlePermissionsIn(store: Store, memberId: string, groupIds: readonly string[]): string[] {
  const rows = [...store.bundles.ofMember(memberId), ...groupIds.flatMap((id) => store.bundles.ofGroup(id))];
  return rows.flatMap((row) => bundleView(row).permissions);
}

/**
 * What putting a person into groups hands out, for the ceiling: every bundle those groups hold. A group
 * the person is already in hands out nothing new, so callers pass only the groups added.
 */
export function groupHandouts(store: Store, addedGroupIds: readonly string[]): Handout[] {
  return addedGroupIds.flatMap((id) =>
    store.bundles
      .ofGroup(id)
      .map((row) => ({ kind: 'bundle' as const, name: row.name, permissions: bundleView(row).permissions })),
  );
}

/** A person's own bundles as handouts: what enabling them again gives back, with their roles and groups. */
export function ownBundleHandouts(store: Store, memberId: string): Handout[] {
  return store.bundles
    .ofMember(memberId)
    .map((row) => ({ kind: 'bundle' as const, name: row.name, permissions: bundleView(row).permissions }));
}

/**
 * Runs a write that may take member.manage from many people at once (a bundle's permissions, a group's
 * bundles, a group's deletion), then reads the domain's people again: if no enabled person is left who
 * holds member.manage from any source, it throws a 422, which undoes the write with the route's
 * transaction. Call it inside that transaction.
 */
export function keepingAManager<T>(store: Store, domainId: string, write: () => T): T {
  const before = peopleOf(store, domainId);
  const result = write();
  if (leavesNoManager(before, peopleOf(store, domainId))) {
    throw new HttpError(422, 'unprocessable', NO_MANAGER_LEFT_REASON);
  }
  return result;
}
