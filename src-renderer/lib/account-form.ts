import {
  CreateServiceAccountBody,
  PatchServiceAccountBody,
  type CopyPermissionsFrom,
} from '../../src-shared/api/service-accounts.js';
import type { AccountRow } from '../../src-shared/ipc/models.js';
import { ROLE_NAMES, permissionsOf, type Permission, type RoleName } from '../../src-shared/roles.js';
import { Description, ServiceAccountName } from '../../src-shared/validation.js';
import { fieldErrors, fieldErrorsFromDetails, valueError } from './field-errors.js';

/** Where a new account's permissions start: nothing, another account's roles, or a role. */
export type CopySource =
  { kind: 'scratch' } | { kind: 'account'; accountId: string | null } | { kind: 'role'; role: RoleName | null };

export type CreateFormValues = {
  name: string;
  description: string;
  roles: RoleName[];
  groups: string[];
  basicAuthEnabled: boolean;
  copyFrom: CopySource;
};

export type CreateField = 'name' | 'description' | 'roles' | 'groups' | 'copyFrom';
export type CreateErrors = Partial<Record<CreateField, string>>;

export const DESCRIPTION_MAX = 1000;

export const NO_ROLE_MESSAGE = 'Choose at least one role, or copy permissions from a service account or a role.';
export const CHOOSE_ACCOUNT_MESSAGE = 'Choose the service account to copy from.';
export const CHOOSE_ROLE_MESSAGE = 'Choose the role to copy from.';

export function emptyCreateForm(myGroups: readonly string[]): CreateFormValues {
  return {
    name: '',
    description: '',
    roles: [],
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

/** The roles a copy source adds: the chosen account's roles, or the chosen role. */
export function copiedRoles(copyFrom: CopySource, accounts: readonly AccountRow[]): RoleName[] {
  if (copyFrom.kind === 'role') return copyFrom.role ? [copyFrom.role] : [];
  if (copyFrom.kind === 'account' && copyFrom.accountId !== null) {
    return accounts.find((a) => a.id === copyFrom.accountId)?.roles ?? [];
  }
  return [];
}

/** The new account's roles as the server will compute them: chosen ∪ copied, in the built-in order. */
export function resultingRoles(values: Pick<CreateFormValues, 'roles' | 'copyFrom'>, accounts: readonly AccountRow[]) {
  const all = new Set<RoleName>([...values.roles, ...copiedRoles(values.copyFrom, accounts)]);
  return ROLE_NAMES.filter((role) => all.has(role));
}

export function resultingPermissions(roles: readonly RoleName[]): Permission[] {
  return permissionsOf(roles);
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
  if (resultingRoles(values, accounts).length === 0) errors.roles = NO_ROLE_MESSAGE;
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const copy = copyBody(values.copyFrom);
  const body: CreateServiceAccountBody = {
    name: values.name,
    description: values.description,
    roles: values.roles,
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
  if (values.roles.length === 0) errors.roles = 'Choose at least one role.';
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
