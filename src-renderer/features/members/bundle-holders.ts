import type { Bundle } from '../../../src-shared/api/bundles.js';
import type { Group, Member } from '../../../src-shared/api/directory.js';
import { canGrantPermissions, type Actor, type Handout, type Person } from '../../../src-shared/authz.js';

/** Who holds a bundle: the people it is granted to directly, and the groups (whose people all hold it). */
export interface Holders {
  people: string[];
  groups: string[];
}

export function holdersOf(name: string, members: readonly Member[], groups: readonly Group[]): Holders {
  return {
    people: members.filter((m) => m.bundles.includes(name)).map((m) => m.name),
    groups: groups.filter((g) => g.bundles.includes(name)).map((g) => g.name),
  };
}

/** The permissions of the named bundles (unknown names carry none). */
export function permissionsOfBundles(names: readonly string[], bundles: readonly Bundle[]): string[] {
  return bundles.filter((b) => names.includes(b.name)).flatMap((b) => b.permissions);
}

/**
 * The domain's people as the last-manager rule counts them: their roles, and the permissions of their own
 * bundles and their groups' bundles (member.manage may come from either). `change` replaces one member's
 * or one group's bundles first, to ask about a grant before it is made.
 */
export function peopleWithBundles(
  members: readonly Member[],
  groups: readonly Group[],
  bundles: readonly Bundle[],
  change?: { memberId: string; bundles: readonly string[] } | { group: string; bundles: readonly string[] },
): Person[] {
  const groupBundles = new Map(
    groups.map((g) => [g.name, change && 'group' in change && change.group === g.name ? change.bundles : g.bundles]),
  );
  return members.map((m) => {
    const own = change && 'memberId' in change && change.memberId === m.id ? change.bundles : m.bundles;
    const names = [...own, ...m.groups.flatMap((g) => groupBundles.get(g) ?? [])];
    return { id: m.id, enabled: m.enabled, roles: m.roles, bundlePermissions: permissionsOfBundles(names, bundles) };
  });
}

/**
 * Why `actor` may not put a person into `group`, or null: every person in it holds its bundles, so joining
 * hands them out (the ceiling, canGrantPermissions, as the server checks it).
 */
export function joinGroupReason(actor: Actor, group: Group | undefined, bundles: readonly Bundle[]): string | null {
  const carried = bundles.filter((b) => group?.bundles.includes(b.name));
  if (carried.length === 0) return null;
  const decision = canGrantPermissions(
    actor,
    carried.map((b) => ({ kind: 'bundle' as const, name: b.name, permissions: b.permissions })),
  );
  return decision.allowed ? null : decision.reason;
}

/**
 * Why `actor` may not enable `member` again, or null: everything they hold comes back — their roles, their
 * groups' bundles and their own — so it is the ceiling over all of it, as the server checks it.
 */
export function enableReason(
  actor: Actor,
  member: Member,
  groups: readonly Group[],
  bundles: readonly Bundle[],
): string | null {
  const asHandouts = (names: readonly string[]): Handout[] =>
    bundles
      .filter((b) => names.includes(b.name))
      .map((b) => ({ kind: 'bundle', name: b.name, permissions: b.permissions }));
  const groupBundles = groups.filter((g) => member.groups.includes(g.name)).flatMap((g) => g.bundles);
  const decision = canGrantPermissions(actor, [
    ...member.roles.map((name): Handout => ({ kind: 'role', name })),
    ...asHandouts(groupBundles),
    ...asHandouts(member.bundles),
  ]);
  return decision.allowed ? null : decision.reason;
}
