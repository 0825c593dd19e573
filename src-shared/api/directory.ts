import { z } from 'zod';
import { Description, GroupName, IsoDateTime, MemberName } from '../validation.js';
import { MemberType, RoleNameSchema, TokenMeta } from './models.js';
import { CursorPage, PageQuery } from './pages.js';

/** `GET /api/v1/domains/{domain}/groups` (needs member.read). */
export const Group = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  memberCount: z.number().int().nonnegative(),
  serviceAccountCount: z.number().int().nonnegative(),
  /** Bundles granted to the group, by name: every person in it holds their permissions (accounts do not). */
  bundles: z.array(z.string()),
});
export type Group = z.infer<typeof Group>;
export const GroupListResponse = z.object({ items: z.array(Group) });
export type GroupListResponse = z.infer<typeof GroupListResponse>;

/** `GET /api/v1/domains/{domain}/members` (needs member.read): people, not service accounts. */
export const Member = z.object({
  id: z.string(),
  name: z.string(),
  type: MemberType,
  roles: z.array(RoleNameSchema),
  groups: z.array(z.string()),
  /** Bundles granted to the person directly, by name (their groups' bundles are on the groups). */
  bundles: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: IsoDateTime,
});
export type Member = z.infer<typeof Member>;
export const MemberListResponse = z.object({ items: z.array(Member) });
export type MemberListResponse = z.infer<typeof MemberListResponse>;

/** An audit event: who did what to which resource, with before and after — never a secret. */
export const AuditEvent = z.object({
  id: z.string(),
  at: IsoDateTime,
  actor: z.string(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  resourceName: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

const RoleList = z
  .array(RoleNameSchema)
  .max(4)
  .refine((roles) => new Set(roles).size === roles.length, 'List each role once.');
const GroupNames = z
  .array(GroupName)
  .max(50)
  .refine((groups) => new Set(groups).size === groups.length, 'List each group once.');

/**
 * `POST /api/v1/domains/{domain}/members` (member.manage): a human member. The answer carries the
 * member's first personal token's secret, once, for the admin to hand over.
 */
export const CreateMemberBody = z
  .object({ name: MemberName, roles: RoleList.default([]), groups: GroupNames.default([]) })
  .strict();
export type CreateMemberBody = z.input<typeof CreateMemberBody>;
export const CreatedMember = z.object({ member: Member, token: TokenMeta, secret: z.string() });
export type CreatedMember = z.infer<typeof CreatedMember>;

/** `PATCH …/members/{id}` (member.manage): roles, groups, enabled. Disabling stops their personal tokens. */
export const PatchMemberBody = z
  .object({ roles: RoleList, groups: GroupNames, enabled: z.boolean() })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send roles, groups and/or enabled.');
export type PatchMemberBody = z.input<typeof PatchMemberBody>;

/** `POST …/groups`, `PATCH …/groups/{name}`, `DELETE …/groups/{name}` (member.manage). */
export const CreateGroupBody = z.object({ name: GroupName, description: Description.default('') }).strict();
export type CreateGroupBody = z.input<typeof CreateGroupBody>;
export const PatchGroupBody = z.object({ description: Description }).strict();
export type PatchGroupBody = z.input<typeof PatchGroupBody>;

/** `GET …/audit` (audit.read): newest first, cursor-paged, filtered. */
export const AuditQuery = z
  .object({
    actor: z.string().max(64).optional(),
    resourceType: z.string().max(64).optional(),
    action: z.string().max(64).optional(),
    ...PageQuery,
  })
  .strict();
export type AuditQuery = z.input<typeof AuditQuery>;
export const AuditPage = CursorPage(AuditEvent);
export type AuditPage = z.infer<typeof AuditPage>;
