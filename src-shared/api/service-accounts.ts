import { z } from 'zod';
import { permissionNamed } from '../permissions.js';
import { PERMISSIONS, ROLE_NAMES } from '../roles.js';
import { Description, GroupName, ServiceAccountName } from '../validation.js';
import { PermissionOrAlias } from './bundles.js';
import { Role, RoleNameSchema, ServiceAccount, ServiceAccountWithTokens, TokenMeta } from './models.js';

export const SORT_KEYS = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
export const MAX_PAGE_SIZE = 1000;
/** Response header repeating a list page's `nextCursor`, for clients that fetch the next page early. */
export const NEXT_CURSOR_HEADER = 'x-next-cursor';

/**
 * `GET /api/v1/domains/{domain}/service-accounts`.
 * A normal listing pages with `cursor` in `sort` order. With `changesSince` (a `syncCursor` from an
 * earlier answer) it returns only accounts changed after that point, oldest change first, and the ids
 * of accounts deleted since, so a client can sync incrementally.
 */
export const ServiceAccountListQuery = z
  .object({
    search: z.string().max(200).optional(),
    status: z.enum(['all', 'enabled', 'disabled']).default('all'),
    role: RoleNameSchema.optional(),
    sort: z.enum(SORT_KEYS).default('name'),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(100),
    cursor: z.string().max(500).optional(),
    changesSince: z.string().regex(/^\d+$/, 'changesSince must be a syncCursor from an earlier answer.').optional(),
    include: z.enum(['tokens']).optional(),
    /** With search, status or role: also count the matching accounts for `total` (costs a scan). */
    count: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ServiceAccountListQuery = z.input<typeof ServiceAccountListQuery>;

export const ServiceAccountListResponse = z.object({
  /**
   * With include=tokens an item has `tokens`, without it none has. An item without tokens must not hold
   * the key at all: else one with a malformed token list would pass as an item without tokens.
   */
  items: z.array(z.union([ServiceAccountWithTokens, ServiceAccount.extend({ tokens: z.undefined().optional() })])),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Pass back as `changesSince` on a later sync to get only what changed after this answer. */
  syncCursor: z.string(),
  /** Ids deleted since `changesSince` (empty for a normal listing). */
  deleted: z.array(z.string()),
  /**
   * Total matching accounts, for progress; on the first page only. Always there for a plain listing and
   * for a changes walk; with search, status or role only when asked with `count=true`.
   */
  total: z.number().int().nonnegative().optional(),
});
export type ServiceAccountListResponse = z.infer<typeof ServiceAccountListResponse>;

export const TokenListResponse = z.object({ items: z.array(TokenMeta) });
export type TokenListResponse = z.infer<typeof TokenListResponse>;

export const RoleListResponse = z.object({ items: z.array(Role) });
export type RoleListResponse = z.infer<typeof RoleListResponse>;

/**
 * Where a new account's permissions start from, on top of its own roles and overrides: another account
 * (its roles, grants and denies: Planhat's "copy from a service account") or one built-in role.
 */
export const CopyPermissionsFrom = z.union(
  [z.object({ serviceAccountId: z.string().min(1).max(100) }).strict(), z.object({ role: RoleNameSchema }).strict()],
  { error: 'Copy permissions from one source: {"serviceAccountId": "<id>"} or {"role": "<built-in role>"}.' },
);
export type CopyPermissionsFrom = z.infer<typeof CopyPermissionsFrom>;

const RoleList = z
  .array(RoleNameSchema)
  .max(ROLE_NAMES.length)
  .refine((roles) => new Set(roles).size === roles.length, 'List each role once.');
const GroupList = z
  .array(GroupName)
  .max(50, 'Choose at most 50 groups.')
  .refine((groups) => new Set(groups).size === groups.length, 'List each group once.');

/**
 * A service account's permission overrides (grants or denies): permissions by catalogue name or alias,
 * each once (a name and its alias are one permission), possibly none. Answers always use catalogue names.
 */
export const PermissionOverrides = z
  .array(PermissionOrAlias)
  .max(PERMISSIONS.length * 2)
  .refine(
    (names) => new Set(names.map((n) => permissionNamed(n))).size === names.length,
    'List each permission once (a name and its alias are the same permission).',
  );

/** The words for a permission that would be both granted and denied (a deny would win: say so instead). */
export function grantedAndDeniedMessage(permissions: readonly string[]): string {
  const names = permissions.map((p) => `"${p}"`).join(', ');
  return `${names} ${permissions.length === 1 ? 'is' : 'are'} both granted and denied. A permission can be granted or denied, not both: remove it from one of the lists.`;
}

/** The permissions named in both lists (catalogue names, either list may use aliases). */
export function grantedAndDenied(grants: readonly string[], denies: readonly string[]): string[] {
  const denied = new Set(denies.map((d) => permissionNamed(d)));
  return PERMISSIONS.filter((p) => denied.has(p) && grants.some((g) => permissionNamed(g) === p));
}

/** A body's grants and denies must not name one permission twice over (400, with the words above). */
function noPermissionBothWays(
  body: { grants?: readonly string[] | undefined; denies?: readonly string[] | undefined },
  ctx: z.RefinementCtx,
): void {
  const both = grantedAndDenied(body.grants ?? [], body.denies ?? []);
  if (both.length > 0) ctx.addIssue({ code: 'custom', path: ['denies'], message: grantedAndDeniedMessage(both) });
}

/** A service account must hold something: an account with no role and no grant could do nothing. */
export const NO_PERMISSION_MESSAGE = 'A service account needs at least one role or one granted permission.';

/**
 * `POST /api/v1/domains/{domain}/service-accounts`. The resulting roles are `roles` plus those of
 * `copyPermissionsFrom` (the account's roles, or the role itself), its grants and denies `grants` and
 * `denies` plus a copied account's; the result needs at least one role or one grant (422
 * NO_PERMISSION_MESSAGE). An account with no role and a grant is Planhat's "start from scratch".
 * `groups` left out or empty means the caller's own groups, so the creator can manage it afterwards.
 */
export const CreateServiceAccountBody = z
  .object({
    name: ServiceAccountName,
    description: Description.default(''),
    roles: RoleList.default([]),
    grants: PermissionOverrides.default([]),
    denies: PermissionOverrides.default([]),
    groups: GroupList.default([]),
    basicAuthEnabled: z.boolean().default(false),
    copyPermissionsFrom: CopyPermissionsFrom.optional(),
  })
  .strict()
  .superRefine(noPermissionBothWays);
export type CreateServiceAccountBody = z.input<typeof CreateServiceAccountBody>;

/**
 * `PATCH …/service-accounts/{id}`: the name is the account's identity and cannot change. `grants` and
 * `denies` replace the account's lists; they reach its existing tokens at once. The result needs at
 * least one role or one grant, as on create.
 */
export const PatchServiceAccountBody = z
  .object({
    description: Description,
    roles: RoleList,
    grants: PermissionOverrides,
    denies: PermissionOverrides,
    groups: GroupList,
    enabled: z.boolean(),
    basicAuthEnabled: z.boolean(),
  })
  .partial()
  .strict()
  .superRefine(noPermissionBothWays);
export type PatchServiceAccountBody = z.input<typeof PatchServiceAccountBody>;

export const NAME_IMMUTABLE_MESSAGE =
  'A service account cannot be renamed: its name identifies it to everything that uses it. Create a new account instead.';
