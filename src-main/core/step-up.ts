import type { Channel } from '../../src-shared/ipc/contract.js';
import { effectivePermissions, permissionNamed, permissionNames } from '../../src-shared/permissions.js';
import { isAdminGrade, permissionsOf, type Permission } from '../../src-shared/roles.js';
import type { Session } from './session.js';

/** A token's power: its roles, and its account's grants less its denies (as the server counts it). */
function tokenGrade(roles: readonly string[], account: { grants: readonly string[]; denies: readonly string[] }) {
  const overrides = permissionNames(
    effectivePermissions({ roles: [], grants: account.grants, denies: account.denies }),
  );
  return isAdminGrade([...permissionsOf(roles), ...overrides]);
}

type Request = Record<string, unknown> & { connectionId?: string };

/**
 * Whether a request makes or hands out Admin-grade power, so the user must prove it is them again
 * when the last unlock is older than the step-up window: adding a connection; creating or rotating a
 * token, personal token or member that holds it; and the steps that give it to what already exists
 * (an account's grants, a person's roles or groups, a bundle granted or widened). A request about something
 * the cache does not know counts as Admin-grade: the step is cheap, guessing wrong is not.
 */
export function needsStepUp(channel: Channel, request: Request, session: Session): boolean {
  const snapshot = request.connectionId ? session.sync.snapshot(request.connectionId) : null;
  const account = (id: unknown) =>
    request.connectionId && typeof id === 'string' ? session.sync.account(request.connectionId, id) : null;
  const bundleGrade = (names: readonly string[]) =>
    names.some((name) => {
      const bundle = snapshot?.bundles.find((b) => b.name === name);
      return !bundle || isAdminGrade(bundle.permissions);
    });
  // A person holds the bundles of every group they are in, so joining one can hand out Admin power.
  const groupGrade = (names: readonly string[] | undefined) =>
    (names ?? []).some((name) => {
      const group = snapshot?.groups.find((g) => g.name === name);
      return !group || bundleGrade(group.bundles);
    });
  const myGrade = () => !snapshot || isAdminGrade(snapshot.me.permissions.map((p) => p.permission));

  switch (channel) {
    case 'connections:add':
      return true;
    case 'tokens:create': {
      const found = account(request.accountId);
      const input = request.input as { roles?: string[] };
      return !found || tokenGrade(input.roles ?? found.roles, found);
    }
    case 'tokens:rotate': {
      const found = account(request.accountId);
      const token = found?.tokens?.find((t) => t.name === request.name);
      return !found || !token || tokenGrade(token.roles, found);
    }
    case 'personalTokens:create':
    case 'personalTokens:rotate':
      return myGrade();
    case 'members:create': {
      const input = request.input as { roles: string[]; groups: string[] };
      return isAdminGrade(permissionsOf(input.roles)) || groupGrade(input.groups);
    }
    case 'members:update': {
      const patch = request.patch as { roles?: string[]; groups?: string[] };
      return isAdminGrade(permissionsOf(patch.roles ?? [])) || groupGrade(patch.groups);
    }
    case 'accounts:update': {
      const patch = request.patch as { roles?: string[]; grants?: Permission[] };
      return isAdminGrade([...permissionsOf(patch.roles ?? []), ...(patch.grants ?? [])]);
    }
    case 'members:setBundles':
    case 'groups:setBundles':
      return bundleGrade(request.bundles as string[]);
    case 'bundles:update': {
      const permissions = (request.patch as { permissions?: string[] }).permissions;
      return permissions !== undefined && isAdminGrade(permissions.map((name) => permissionNamed(name) ?? name));
    }
    default:
      return false;
  }
}
