import { z } from 'zod';
import { PERMISSIONS, ROLE_NAMES } from '../roles.js';
import { IsoDateTime } from '../validation.js';

export const RoleNameSchema = z.enum(ROLE_NAMES);
export const PermissionSchema = z.enum(PERMISSIONS);

export const Role = z.object({
  name: RoleNameSchema,
  description: z.string(),
  permissions: z.array(PermissionSchema),
});
export type Role = z.infer<typeof Role>;

/**
 * EXPIRED is derived from the expiry; DEACTIVATED marks a personal token whose owner is disabled or gone;
 * REVOKED_LEAKED is final: the secret was reported as leaked (`leak` says by whom and where).
 */
export const TokenStatus = z.enum(['ACTIVE', 'SUSPENDED', 'EXPIRED', 'DEACTIVATED', 'REVOKED_LEAKED']);
export type TokenStatus = z.infer<typeof TokenStatus>;

/** Token metadata: everything about a token except its secret, which the server never keeps. */
export const TokenMeta = z.object({
  id: z.string(),
  name: z.string(),
  status: TokenStatus,
  expiresAt: IsoDateTime.nullable(),
  roles: z.array(RoleNameSchema),
  maxRps: z.number().int().positive().nullable(),
  hint: z.string(),
  createdAt: IsoDateTime,
  createdBy: z.string(),
  lastUsedAt: IsoDateTime.nullable(),
  lastUsedFrom: z.string().nullable(),
  /** Set on a token that was rotated out: the id of the token that replaced it. */
  replacedBy: z.string().nullable(),
  /**
   * Set when the token was revoked as leaked: when, who reported it (a member's name, or "leak report"
   * for an anonymous POST /leaks), and the report's source and URL as plain text, never a link.
   * Optional only for snapshots cached before the field existed.
   */
  leak: z
    .object({
      reportedAt: IsoDateTime,
      reportedBy: z.string(),
      source: z.string().nullable(),
      url: z.string().nullable(),
    })
    .nullable()
    .optional(),
});
export type TokenMeta = z.infer<typeof TokenMeta>;

export const ServiceAccount = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  roles: z.array(RoleNameSchema),
  /**
   * Per-account permission overrides, in catalogue order: a grant adds a permission to the account and
   * every token of it, a deny takes one away whatever gives it (src-shared/permissions.ts).
   */
  grants: z.array(PermissionSchema),
  denies: z.array(PermissionSchema),
  groups: z.array(z.string()),
  enabled: z.boolean(),
  basicAuthEnabled: z.boolean(),
  createdAt: IsoDateTime,
  createdBy: z.string(),
  updatedAt: IsoDateTime,
  updatedBy: z.string(),
  tokenCount: z.number().int().nonnegative(),
  /** Earliest expiry among the account's tokens that have one and have not expired yet. */
  nextExpiry: IsoDateTime.nullable(),
});
export type ServiceAccount = z.infer<typeof ServiceAccount>;

/**
 * A list item when the caller asked for `include=tokens` (used by sync). `tokens` is null when the
 * caller may not see them: tokens need `access_token.manage` (or Admin) and a shared group (the same-group rule).
 */
export const ServiceAccountWithTokens = ServiceAccount.extend({ tokens: z.array(TokenMeta).nullable() });
export type ServiceAccountWithTokens = z.infer<typeof ServiceAccountWithTokens>;

export const MemberType = z.enum(['HUMAN', 'SERVICE_ACCOUNT']);

/** One held permission and its sources (src-shared/permissions.ts effectivePermissions). */
export const EffectivePermissionSchema = z.object({
  permission: PermissionSchema,
  sources: z.array(z.object({ kind: z.enum(['role', 'bundle', 'grant']), name: z.string() })),
});

export const Me = z.object({
  id: z.string(),
  name: z.string(),
  type: MemberType,
  domain: z.string(),
  roles: z.array(RoleNameSchema),
  groups: z.array(z.string()),
  /** Each permission the caller holds with where it comes from; read the names with permissionNames(). */
  permissions: z.array(EffectivePermissionSchema),
  /**
   * The id of the token this request came with, so the app can tell which listed token is its own
   * connection's (never the secret). Optional only for snapshots cached before the field existed.
   */
  tokenId: z.string().optional(),
});
export type Me = z.infer<typeof Me>;

export const Health = z.object({ status: z.literal('ok'), version: z.string(), time: IsoDateTime });
export type Health = z.infer<typeof Health>;

/** readyz's answer when this instance can reach its database (else 503 not_ready). */
export const Ready = z.object({ status: z.literal('ready') });
export type Ready = z.infer<typeof Ready>;
