import type { ServiceAccount } from '../../src-shared/api/models.js';
import {
  grantedAndDenied,
  grantedAndDeniedMessage,
  NO_PERMISSION_MESSAGE,
  type CopyPermissionsFrom,
} from '../../src-shared/api/service-accounts.js';
import { canChangeServiceAccount, sharesGroup, type Actor } from '../../src-shared/authz.js';
import type { Permission, RoleName } from '../../src-shared/roles.js';
import { actorOf, enforce, type Caller } from '../auth/caller.js';
import { HttpError } from '../http/errors.js';
import { bodyIssue, nameTaken } from '../http/validate.js';
import type { DomainRow } from '../store/domains.js';
import type { GroupRef } from '../store/groups.js';
import type { AccountView } from '../store/service-accounts.js';
import type { Store } from '../store/store.js';
import { accountNotFound, callerDomain } from './scope.js';

/**
 * The checks behind creating and changing service accounts that need the database: which groups and
 * source accounts exist, whether the caller keeps a group in common with the result, and the account
 * the caller may change. Permission rules themselves are the shared ones in src-shared/authz.ts.
 */

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

/** Group names → groups of the domain; every unknown name is a 422 that names it. */
export async function resolveGroups(store: Store, domain: DomainRow, names: readonly string[]): Promise<GroupRef[]> {
  const found: GroupRef[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const group = await store.groups.byName(domain.id, name);
    if (group) found.push({ id: group.id, name: group.name });
    else missing.push(name);
  }
  if (missing.length > 0) {
    const message =
      missing.length === 1
        ? `There is no group named ${quoted(missing)} in domain "${domain.name}".`
        : `There are no groups named ${quoted(missing)} in domain "${domain.name}".`;
    throw new HttpError(
      422,
      'unprocessable',
      message,
      missing.map((name) => ({
        in: 'body',
        path: `groups.${names.indexOf(name)}`,
        code: 'unknown_group',
        message: `There is no group named "${name}".`,
      })),
    );
  }
  return found;
}

/**
 * Changing an account needs a group shared with it (the same-group rule), so a create or a group change that
 * leaves the caller outside every group of the account would lock them out: refuse it, in plain words.
 */
export function requireStillManageable(actor: Actor, groups: readonly GroupRef[], creating: boolean): void {
  const names = groups.map((g) => g.name);
  if (sharesGroup(actor, names)) return;
  const subject = creating
    ? 'You would not be able to manage this service account'
    : 'You would no longer be able to manage this service account';
  const message =
    actor.groups.length === 0
      ? `${subject}: you are in no group, and managing an account needs a group in common with it. Ask an admin to add you to a group.`
      : `${subject}: none of its groups (${names.length ? names.join(', ') : 'none'}) is one of yours (${actor.groups.join(', ')}). Include at least one of your groups.`;
  throw new HttpError(422, 'unprocessable', message, bodyIssue('groups', 'not_manageable', message));
}

/** A service account's permissions as stored: roles, grants and denies (catalogue names). */
export interface AccountPermissionSet {
  roles: RoleName[];
  grants: Permission[];
  denies: Permission[];
}

const NOTHING: AccountPermissionSet = { roles: [], grants: [], denies: [] };

/**
 * What a new account starts from besides its own lists (copyPermissionsFrom): another account of the
 * domain (its roles, grants and denies: Planhat's "copy from a service account"), or one role.
 */
export async function copiedPermissions(
  store: Store,
  domain: DomainRow,
  from: CopyPermissionsFrom | undefined,
): Promise<AccountPermissionSet> {
  if (!from) return NOTHING;
  if ('role' in from) return { ...NOTHING, roles: [from.role] };
  const source = await store.serviceAccounts.get(domain.id, from.serviceAccountId);
  if (!source) {
    const message = `There is no service account with id "${from.serviceAccountId}" in domain "${domain.name}" to copy permissions from.`;
    throw new HttpError(
      422,
      'unprocessable',
      message,
      bodyIssue('copyPermissionsFrom.serviceAccountId', 'unknown_service_account', message),
    );
  }
  const { roles, grants, denies } = source.account;
  return { roles, grants, denies };
}

/**
 * The account's permissions once a create or a change is applied: at least one role or one grant (an
 * account with neither could do nothing), and no permission both granted and denied. The body alone
 * cannot name one both ways (its schema says so, 400); these are the cases that come from merging it
 * with a copied account or with what the account already has, so they are 422.
 */
export function requireUsablePermissions(result: AccountPermissionSet): void {
  const both = grantedAndDenied(result.grants, result.denies);
  if (both.length > 0) {
    const message = grantedAndDeniedMessage(both);
    throw new HttpError(422, 'unprocessable', message, bodyIssue('denies', 'granted_and_denied', message));
  }
  if (result.roles.length > 0 || result.grants.length > 0) return;
  throw new HttpError(
    422,
    'unprocessable',
    NO_PERMISSION_MESSAGE,
    bodyIssue('roles', 'no_permission', NO_PERMISSION_MESSAGE),
  );
}

/** A new account's name must be free in its domain (people and service accounts share one namespace). */
export async function requireFreeName(store: Store, domain: DomainRow, name: string): Promise<void> {
  const existing = await store.members.byName(domain.id, name);
  if (!existing) return;
  const message =
    existing.type === 'SERVICE_ACCOUNT'
      ? `A service account named "${name}" already exists in domain "${domain.name}". Names are unique in a domain: choose another.`
      : `The name "${name}" is already used by a member of domain "${domain.name}". Choose another.`;
  throw nameTaken(message);
}

/**
 * The account a patch or delete acts on, once the caller is known to be allowed to change it: the
 * contract's access rule checked the permission before; here the group shared with the account.
 */
export async function changeableAccount(
  store: Store,
  caller: Caller,
  params: { domain: string; id: string },
): Promise<{ domain: DomainRow; view: AccountView }> {
  const domain = await callerDomain(store, caller, params.domain);
  const view = await store.serviceAccounts.get(domain.id, params.id);
  if (!view) throw accountNotFound(params.id, domain.name);
  enforce(canChangeServiceAccount(actorOf(caller), view.account));
  return { domain, view };
}

/** What the audit trail keeps of an account: its identity and every field a change can touch. */
export function auditFieldsOf(account: ServiceAccount): Record<string, unknown> {
  return {
    id: account.id,
    name: account.name,
    description: account.description,
    roles: account.roles,
    grants: account.grants,
    denies: account.denies,
    groups: account.groups,
    enabled: account.enabled,
    basicAuthEnabled: account.basicAuthEnabled,
  };
}
