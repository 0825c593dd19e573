import { permissionsOf, type Permission, type RoleName } from './roles.js';
import { SAME_GROUP_MESSAGE } from './errors.js';

/**
 * Who may do what to a service account. The server enforces these rules; the app uses the same
 * functions on its cached `/me` to disable an action ahead of time and say why.
 */
export interface Actor {
  roles: readonly RoleName[] | readonly string[];
  permissions: readonly Permission[] | readonly string[];
  /** Group names. */
  groups: readonly string[];
}

export type DecisionCode = 'forbidden' | 'not_same_group' | 'group_not_yours';
export type Decision = { allowed: true } | { allowed: false; reason: string; code: DecisionCode };

const ALLOWED: Decision = { allowed: true };

export const SAME_GROUP_CHANGE_MESSAGE = 'You must be in the same group as this service account to change or delete it';

function holds(actor: Actor, permission: Permission): boolean {
  return (actor.permissions as readonly string[]).includes(permission);
}

function needs(actor: Actor, permission: Permission, doing: string): Decision {
  return holds(actor, permission)
    ? ALLOWED
    : {
        allowed: false,
        code: 'forbidden',
        reason: `Your roles do not allow you to ${doing} (it needs ${permission}).`,
      };
}

export function sharesGroup(actor: Actor, groups: readonly string[]): boolean {
  return groups.some((group) => actor.groups.includes(group));
}

export function canCreateServiceAccount(actor: Actor): Decision {
  return needs(actor, 'service_account.manage', 'create service accounts');
}

/** Edit, enable/disable and delete: the permission, and a group shared with the account (seed 002). */
export function canChangeServiceAccount(actor: Actor, account: { groups: readonly string[] }): Decision {
  const permitted = needs(actor, 'service_account.manage', 'change service accounts');
  if (!permitted.allowed) return permitted;
  return sharesGroup(actor, account.groups)
    ? ALLOWED
    : { allowed: false, code: 'not_same_group', reason: SAME_GROUP_CHANGE_MESSAGE };
}

/** Token management at the domain level: access_token.manage (or Admin) and a shared group. */
export function canManageTokens(actor: Actor, account: { groups: readonly string[] }): Decision {
  const permitted =
    (actor.permissions as readonly string[]).includes('access_token.manage') ||
    (actor.roles as readonly string[]).includes('Admin');
  if (!permitted) {
    return {
      allowed: false,
      code: 'forbidden',
      reason: 'Your roles do not allow you to manage tokens (it needs access_token.manage).',
    };
  }
  return sharesGroup(actor, account.groups)
    ? ALLOWED
    : { allowed: false, code: 'not_same_group', reason: SAME_GROUP_MESSAGE };
}

/**
 * Giving a role: only one whose permissions the actor holds all of, so no one can raise an account
 * (and then its tokens) above their own rights. `added` is what the change adds.
 */
export function canGrantRoles(actor: Actor, added: readonly string[]): Decision {
  const held = actor.permissions as readonly string[];
  const beyond = added.filter((role) => !permissionsOf([role]).every((permission) => held.includes(permission)));
  if (beyond.length === 0) return ALLOWED;
  return {
    allowed: false,
    code: 'forbidden',
    reason: `You can only give roles whose permissions you have yourself; ${beyond.join(' and ')} ${beyond.length === 1 ? 'goes' : 'go'} beyond yours.`,
  };
}

/**
 * Putting a service account into groups, on create or by a change that adds groups. Sharing one group
 * with an account is enough to manage its tokens and act through them (seed 002), so an account put into
 * a group the caller is not in would carry the caller's reach into that group. Only member.manage, which
 * decides who is in which group anyway, may do that. `added` is what the change adds: keeping groups the
 * account already has, or removing some, puts it into nothing.
 */
export function canPutInGroups(actor: Actor, added: readonly string[]): Decision {
  if (holds(actor, 'member.manage')) return ALLOWED;
  const foreign = added.filter((group) => !actor.groups.includes(group));
  if (foreign.length === 0) return ALLOWED;
  return {
    allowed: false,
    code: 'group_not_yours',
    reason: `You can only put a service account into your own groups, and you are not in ${joinNames(foreign)}. Other groups need member.manage.`,
  };
}

/** Whether a max-RPS change gives a token more room: removing its cap, or raising it. */
export function raisesMaxRps(before: number | null, after: number | null): boolean {
  return before !== null && (after === null || after > before);
}

/**
 * Whether a token change gives rights back: reactivating a suspended token, or raising or removing its
 * max RPS. Such a change (like a rotation) hands the token's roles out again, so it goes through the same
 * ceiling as creating the token (canGrantRoles on its roles). Suspending it or lowering its cap only
 * takes rights away, which whoever manages the token may always do.
 */
export function liftsToken(
  before: { status: string; maxRps: number | null },
  patch: { status?: string | undefined; maxRps?: number | null | undefined },
): boolean {
  const reactivates = patch.status === 'ACTIVE' && before.status === 'SUSPENDED';
  return reactivates || (patch.maxRps !== undefined && raisesMaxRps(before.maxRps, patch.maxRps));
}

/** A person as the last-manager rule sees them (the domain's human members, as `…/members` lists them). */
export interface Person {
  id: string;
  enabled: boolean;
  roles: readonly string[];
}

/** A change to one person: new roles, enabled or not, or deleted. */
export interface PersonChange {
  id: string;
  roles?: readonly string[] | undefined;
  enabled?: boolean | undefined;
  deleted?: boolean;
}

const manages = (person: Person): boolean => person.enabled && permissionsOf(person.roles).includes('member.manage');

/**
 * Someone must always be able to manage members: a change that would leave the domain with no enabled
 * person holding member.manage is refused, like disabling or deleting yourself. Returns the reason, or
 * null when the change keeps a manager. `actorId` picks the words: "your" own role or someone else's.
 */
export function lastManagerReason(people: readonly Person[], change: PersonChange, actorId: string): string | null {
  const before = people.some(manages);
  const after = people
    .filter((person) => !(person.id === change.id && change.deleted))
    .map((person) =>
      person.id === change.id
        ? { ...person, roles: change.roles ?? person.roles, enabled: change.enabled ?? person.enabled }
        : person,
    )
    .some(manages);
  // A domain that already has no manager is not made worse by this change.
  if (after || !before) return null;
  return change.id === actorId
    ? 'You are the last member who can manage members: without your Admin role no one could. Give another member the Admin role first.'
    : 'This would leave no enabled member who can manage members (member.manage). Give another member the Admin role first.';
}

export const SELF_REMOVAL_REASON = 'You cannot disable or delete yourself. Another member who can manage members can.';

/**
 * Every rule on a change to a person, in the order the server checks them: no one disables or deletes
 * themselves (they would cut off the session they are acting in), and the domain keeps a manager
 * (lastManagerReason). The app asks it per row to disable the switch and Delete before the click.
 */
export function personChangeReason(people: readonly Person[], change: PersonChange, actorId: string): string | null {
  const removes = change.deleted === true || change.enabled === false;
  if (removes && change.id === actorId) return SELF_REMOVAL_REASON;
  return lastManagerReason(people, change, actorId);
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export const SAME_GROUP_LOGS_MESSAGE = 'You must be in the same group as this service account to view its request logs';

/** A service account's request logs (seed 003's Logs tab): log.read and a group shared with the account. */
export function canReadLogs(actor: Actor, account: { groups: readonly string[] }): Decision {
  const permitted = needs(actor, 'log.read', 'read request logs');
  if (!permitted.allowed) return permitted;
  return sharesGroup(actor, account.groups)
    ? ALLOWED
    : { allowed: false, code: 'not_same_group', reason: SAME_GROUP_LOGS_MESSAGE };
}
