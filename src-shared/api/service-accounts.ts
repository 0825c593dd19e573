import { z } from 'zod';
import { Role, RoleNameSchema, ServiceAccount, ServiceAccountWithTokens, TokenMeta } from './models.js';

export const SORT_KEYS = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
export const MAX_PAGE_SIZE = 1000;

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
    changesSince: z.string().regex(/^\d+$/, 'changesSince must be a syncCursor from an earlier answer').optional(),
    include: z.enum(['tokens']).optional(),
  })
  .strict();
export type ServiceAccountListQuery = z.input<typeof ServiceAccountListQuery>;

export const ServiceAccountListResponse = z.object({
  items: z.array(z.union([ServiceAccountWithTokens, ServiceAccount])),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Pass back as `changesSince` on a later sync to get only what changed after this answer. */
  syncCursor: z.string(),
  /** Ids deleted since `changesSince` (empty for a normal listing). */
  deleted: z.array(z.string()),
  /** Total matching accounts, for progress; present on the first page only. */
  total: z.number().int().nonnegative().optional(),
});
export type ServiceAccountListResponse = z.infer<typeof ServiceAccountListResponse>;

export const TokenListResponse = z.object({ items: z.array(TokenMeta) });
export type TokenListResponse = z.infer<typeof TokenListResponse>;

export const RoleListResponse = z.object({ items: z.array(Role) });
export type RoleListResponse = z.infer<typeof RoleListResponse>;
