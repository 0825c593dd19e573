import {
  CreateServiceAccountBody,
  PatchServiceAccountBody,
  grantedAndDenied,
  grantedAndDeniedMessage,
  type CopyPermissionsFrom,
} from '../../src-shared/api/service-accounts.js';
import type { AccountRow } from '../../src-shared/ipc/models.js';
import { effectivePermissions, inCatalogueOrder } from '../../src-shared/permissions.js';
import { ROLE_NAMES, type Permission, type RoleName } from '../../src-shared/roles.js';
import { Description, ServiceAccountName } from '../../src-shared/validation.js';
import { fieldErrors, fieldErrorsFromDetails, valueError } from './field-errors.js';

/** Where a new account's permissions start: nothing, another account's roles, or a role. */
export type CopySource =
  { kind: 'scratch' } | { kind: 'account'; accountId: string | null } | { kind: 'role'; role: RoleName | null };

export type CreateFormValues = {
  name: string;
  description: string;
  roles: RoleName[];
  /** Permissions given one by one (Planhat's "from scratch"): they become the account's grants. */
  grants: Permission[];
  groups: string[];
  basicAuthEnabled: boolean;
  copyFrom: CopySource;
};

export type CreateField = 'name' | 'description' | 'roles' | 'groups' | 'copyFrom';
export type CreateErrors = Partial<Record<CreateField, string>>;

export const DESCRIPTION_MAX = 1000;

export const NO_ROLE_MESSAGE =
  'Choose at least one role or permission, or copy permissions from a service account or a role.';
export const CHOOSE_ACCOUNT_MESSAGE = 'Choose the service account to copy from.';
export const CHOOSE_ROLE_MESSAGE = 'Choose the role to copy from.';

export function emptyCreateForm(myGroups: readonly string[]): CreateFormValues {
  return {
    name: '',
    description: '',
    roles: [],
    grants: [],
    groups: [...myGroups],
    basicAuthEnabled: false,
    copyFrom: { kind: 'scratch' },
  };
}

/**
 * What is wrong with a name, in specific words. The shared schema decides validity; this only
 * explains it, because "Use 3–64 lowercase letters…" is already the hint under the field.
 */
export function nameProblem(name: string): string | null {
  if (ServiceAccountName.safeParse(name).success) return null;
  if (name === '') return 'Enter a name.';
  const bad = [...new Set([...name].filter((ch) => !/[a-z0-9_]/.test(ch)))];
  if (bad.length > 0) {
    const upper = bad.filter((ch) => /[A-Z]/.test(ch));
    const parts = [
      upper.length > 0 ? `uppercase letters (${upper.slice(0, 4).join(', ')})` : null,
      bad.includes(' ') ? 'spaces' : null,
      ...bad
        .filter((ch) => ch !== ' ' && !/[A-Z]/.test(ch))
        .slice(0, 4)
        .map((ch) => `“${ch}”`),
    ].filter((part): part is string => part !== null);
    return `Not allowed: ${parts.join(', ')}.`;
  }
  if (name.length < 3) return `Too short: at least 3 characters (${name.length} now).`;
  if (name.length > 64) return `Too long: at most 64 characters (${name.length} now).`;
  return valueError(ServiceAccountName, name) ?? 'This name is not allowed.';
}

export function descriptionProblem(description: string): string | null {
  return valueError(Description, description) ?? null;
}

/** What a copy source brings: the chosen account's roles, grants and denies, or the chosen role. */
export function copiedPermissions(
  copyFrom: CopySource,
  accounts: readonly AccountRow[],
): { roles: RoleName[]; grants: Permission[]; denies: Permission[] } {
  if (copyFrom.kind === 'role') return { roles: copyFrom.role ? [copyFrom.role] : [], grants: [], denies: [] };
  const source = copyFrom.kind === 'account' ? accounts.find((a) => a.id === copyFrom.accountId) : undefined;
  return source
    ? { roles: [...source.roles], grants: [...source.grants], denies: [...source.denies] }
    : { roles: [], grants: [], denies: [] };
}

/** The roles a copy source adds: the chosen account's roles, or the chosen role. */
export function copiedRoles(copyFrom: CopySource, accounts: readonly AccountRow[]): RoleName[] {
  return copiedPermissions(copyFrom, accounts).roles;
}

/** The new account's roles as the server will compute them: chosen ∪ copied, in the built-in order. */
export function resultingRoles(values: Pick<CreateFormValues, 'roles' | 'copyFrom'>, accounts: readonly AccountRow[]) {
  const all = new Set<RoleName>([...values.roles, ...copiedRoles(values.copyFrom, accounts)]);
  return ROLE_NAMES.filter((role) => all.has(role));
}

/**
 * The new account's roles, grants and denies as the server will compute them: the chosen roles and
 * permissions joined to what the copy brings, in catalogue order.
 */
export function resultingAccess(
  values: Pick<CreateFormValues, 'roles' | 'grants' | 'copyFrom'>,
  accounts: readonly AccountRow[],
): { roles: RoleName[]; grants: Permission[]; denies: Permission[] } {
  const copied = copiedPermissions(values.copyFrom, accounts);
  return {
    roles: resultingRoles(values, accounts),
    grants: inCatalogueOrder([...values.grants, ...copied.grants]),
    denies: inCatalogueOrder(copied.denies),
  };
}

/** What a token of the new account could do: its roles' permissions plus grants, minus denies. */
export function resultingPermissions(access: {
  roles: readonly RoleName[];
  grants?: readonly Permission[];
  denies?: readonly Permission[];
}): Permission[] {
  return effectivePermissions(access).map((e) => e.permission);
}

function copyBody(copyFrom: CopySource): CopyPermissionsFrom | undefined {
  if (copyFrom.kind === 'account' && copyFrom.accountId) return { serviceAccountId: copyFrom.accountId };
  if (copyFrom.kind === 'role' && copyFrom.role) return { role: copyFrom.role };
  return undefined;
}

export type ValidatedCreate = { ok: true; body: CreateServiceAccountBody } | { ok: false; errors: CreateErrors };

/** Live validation of the create dialog, with the shared schema as the last word. */
export function validateCreateForm(values: CreateFormValues, accounts: readonly AccountRow[]): ValidatedCreate {
  const errors: CreateErrors = {};
  const name = nameProblem(values.name);
  if (name) errors.name = name;
  const description = descriptionProblem(values.description);
  if (description) errors.description = description;
  if (values.copyFrom.kind === 'account') {
    if (values.copyFrom.accountId === null) errors.copyFrom = CHOOSE_ACCOUNT_MESSAGE;
    else if (!accounts.some((a) => a.id === (values.copyFrom as { accountId: string }).accountId)) {
      errors.copyFrom = 'That service account is not in this connection’s data any more.';
    }
  }
  if (values.copyFrom.kind === 'role' && values.copyFrom.role === null) errors.copyFrom = CHOOSE_ROLE_MESSAGE;
  const access = resultingAccess(values, accounts);
  const both = grantedAndDenied(access.grants, access.denies);
  if (access.roles.length === 0 && access.grants.length === 0) errors.roles = NO_ROLE_MESSAGE;
  // A permission ticked here that the copied account denies: the server would refuse both at once.
  else if (both.length > 0) errors.roles = grantedAndDeniedMessage(both);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const copy = copyBody(values.copyFrom);
  const body: CreateServiceAccountBody = {
    name: values.name,
    description: values.description,
    roles: values.roles,
    ...(values.grants.length > 0 ? { grants: values.grants } : {}),
    groups: values.groups,
    basicAuthEnabled: values.basicAuthEnabled,
    ...(copy ? { copyPermissionsFrom: copy } : {}),
  };
  const parsed = CreateServiceAccountBody.safeParse(body);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues, CREATE_FIELDS, ALIASES) };
  return { ok: true, body };
}

export type EditFormValues = Pick<CreateFormValues, 'description' | 'roles' | 'groups' | 'basicAuthEnabled'>;
export type EditField = keyof EditFormValues;
export type EditErrors = Partial<Record<EditField, string>>;

export function editFormFrom(account: AccountRow): EditFormValues {
  return {
    description: account.description,
    roles: [...account.roles],
    groups: [...account.groups],
    basicAuthEnabled: account.basicAuthEnabled,
  };
}

export type ValidatedEdit =
  { ok: true; patch: PatchServiceAccountBody; changed: boolean } | { ok: false; errors: EditErrors };

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));

/** Only what changed goes to the server; the name is not editable at all. */
export function validateEditForm(values: EditFormValues, account: AccountRow): ValidatedEdit {
  const patch: PatchServiceAccountBody = {};
  if (values.description !== account.description) patch.description = values.description;
  if (!sameSet(values.roles, account.roles)) patch.roles = ROLE_NAMES.filter((r) => values.roles.includes(r));
  if (!sameSet(values.groups, account.groups)) patch.groups = values.groups;
  if (values.basicAuthEnabled !== account.basicAuthEnabled) patch.basicAuthEnabled = values.basicAuthEnabled;
  const errors: EditErrors = {};
  const description = descriptionProblem(values.description);
  if (description) errors.description = description;
  // Planhat's "from scratch": an account may have no role as long as it holds a granted permission.
  if (values.roles.length === 0 && account.grants.length === 0) errors.roles = 'Choose at least one role.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = PatchServiceAccountBody.safeParse(patch);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues, EDIT_FIELDS) };
  return { ok: true, patch, changed: Object.keys(patch).length > 0 };
}

const CREATE_FIELDS: readonly CreateField[] = ['name', 'description', 'roles', 'groups', 'copyFrom'];
const EDIT_FIELDS: readonly EditField[] = ['description', 'roles', 'groups', 'basicAuthEnabled'];
/** The create body calls the copy source `copyPermissionsFrom`; the form calls it `copyFrom`. */
const ALIASES = { copyPermissionsFrom: 'copyFrom' };

/**
 * Field messages from a failed call: the server's validation `details` (main's nested under
 * `input`/`patch`), or its 409 for a taken name.
 */
export function fieldErrorsFromFailure<F extends string>(
  error: { code: string; message: string; details?: unknown },
  fields: readonly F[],
): Partial<Record<F, string>> {
  if (error.code === 'name_taken' && (fields as readonly string[]).includes('name')) {
    return { name: error.message } as Partial<Record<F, string>>;
  }
  return fieldErrorsFromDetails(error.details, fields, ALIASES);
}

export { CREATE_FIELDS, EDIT_FIELDS };
