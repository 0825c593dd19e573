import { leavesNoManager, NO_MANAGER_LEFT_REASON, type Handout, type Person } from '../../src-shared/authz.js';
import { HttpError } from '../http/errors.js';
import { bundleView } from '../store/bundles.js';
import type { Store } from '../store/store.js';

/**
 * The domain's people as the last-manager rule counts them (src-shared/authz.ts): their roles, whether
 * they are enabled, and what their own bundles and their groups' bundles give them, since member.manage
 * may come from any of these.
 */
export async function peopleOf(store: Store, domainId: string): Promise<Person[]> {
  const people: Person[] = [];
  for (const member of await store.directory.humans(domainId)) {
    const held = await store.bundles.heldByPerson(member.id);
    people.push({ ...member, bundlePermissions: held.flatMap((b) => b.permissions) });
  }
  return people;
}

/**
 * What a person's bundles would give them in `groupIds` (their own bundles and those groups'), for a
 * change of their groups checked before it is written.
 */
export async function bundlePermissionsIn(
  store: Store,
  memberId: string,
  groupIds: readonly string[],
): Promise<string[]> {
  const rows = [...(await store.bundles.ofMember(memberId))];
  for (const id of groupIds) rows.push(...(await store.bundles.ofGroup(id)));
  return rows.flatMap((row) => bundleView(row).permissions);
}

/**
 * What putting a person into groups hands out, for the ceiling: every bundle those groups hold. A group
 * the person is already in hands out nothing new, so callers pass only the groups added.
 */
export async function groupHandouts(store: Store, addedGroupIds: readonly string[]): Promise<Handout[]> {
  const handouts: Handout[] = [];
  for (const id of addedGroupIds) {
    for (const row of await store.bundles.ofGroup(id)) {
      handouts.push({ kind: 'bundle', name: row.name, permissions: bundleView(row).permissions });
    }
  }
  return handouts;
}

/** A person's own bundles as handouts: what enabling them again gives back, with their roles and groups. */
export async function ownBundleHandouts(store: Store, memberId: string): Promise<Handout[]> {
  return (await store.bundles.ofMember(memberId)).map((row) => ({
    kind: 'bundle' as const,
    name: row.name,
    permissions: bundleView(row).permissions,
  }));
}

/**
 * Runs a write that may take member.manage from many people at once (a bundle's permissions, a group's
 * bundles, a group's deletion), then reads the domain's people again: if no enabled person is left who
 * holds member.manage from any source, it throws a 422, which undoes the write with the route's
 * transaction. Call it inside that transaction.
 */
export async function keepingAManager<T>(store: Store, domainId: string, write: () => Promise<T>): Promise<T> {
  const before = await peopleOf(store, domainId);
  const result = await write();
  if (leavesNoManager(before, await peopleOf(store, domainId))) {
    throw new HttpError(422, 'unprocessable', NO_MANAGER_LEFT_REASON);
  }
  return result;
}
