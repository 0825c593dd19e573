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

export type Decision = { allowed: true } | { allowed: false; reason: string; code: 'forbidden' | 'not_same_group' };

const ALLOWED: Decision = { allowed: true };

export const SAME_GROUP_CHANGE_MESSAGE = 'You must be in the same group as this service account to change or delete it';

function needs(actor: Actor, permission: Permission, doing: string): Decision {
  return (actor.permissions as readonly string[]).includes(permission)
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

export const SAME_GROUP_LOGS_MESSAGE = 'You must be in the same group as this service account to view its request logs';

/** A service account's request logs (seed 003's Logs tab): log.read and a group shared with the account. */
export function canReadLogs(actor: Actor, account: { groups: readonly string[] }): Decision {
  const permitted = needs(actor, 'log.read', 'read request logs');
  if (!permitted.allowed) return permitted;
  return sharesGroup(actor, account.groups)
    ? ALLOWED
    : { allowed: false, code: 'not_same_group', reason: SAME_GROUP_LOGS_MESSAGE };
}
