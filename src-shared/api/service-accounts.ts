import { z } from 'zod';
import { ROLE_NAMES } from '../roles.js';
import { Description, GroupName, ServiceAccountName } from '../validation.js';
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

/** Where a new account's permissions start from: its own roles, or those plus another's. */
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
 * `POST /api/v1/domains/{domain}/service-accounts`. The resulting roles are `roles` plus those of
 * `copyPermissionsFrom` (the account's roles, or the role itself); they must come to at least one.
 * `groups` left out or empty means the caller's own groups, so the creator can manage it afterwards.
 */
export const CreateServiceAccountBody = z
  .object({
    name: ServiceAccountName,
    description: Description.default(''),
    roles: RoleList.default([]),
    groups: GroupList.default([]),
    basicAuthEnabled: z.boolean().default(false),
    copyPermissionsFrom: CopyPermissionsFrom.optional(),
  })
  .strict();
export type CreateServiceAccountBody = z.input<typeof CreateServiceAccountBody>;

/** `PATCH …/service-accounts/{id}`: the name is the account's identity and cannot change. */
export const PatchServiceAccountBody = z
  .object({
    description: Description,
    roles: RoleList.min(1, 'Choose at least one role.'),
    groups: GroupList,
    enabled: z.boolean(),
    basicAuthEnabled: z.boolean(),
  })
  .partial()
  .strict();
export type PatchServiceAccountBody = z.input<typeof PatchServiceAccountBody>;

export const NAME_IMMUTABLE_MESSAGE =
  'A service account cannot be renamed: its name identifies it to everything that uses it. Create a new account instead.';
