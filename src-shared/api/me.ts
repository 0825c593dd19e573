import type { Actor } from '../authz.js';
import { permissionNames } from '../permissions.js';
import type { Me } from './models.js';

/**
 * The caller of `/me` as the shared access rules see it. `/me` answers each permission with its sources
 * (issue 12); the rules read the names only, so every consumer goes through here.
 */
export function meActor(me: Me): Actor {
  return { roles: me.roles, permissions: permissionNames(me.permissions), groups: me.groups, type: me.type };
}
