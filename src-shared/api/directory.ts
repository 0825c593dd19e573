import { z } from 'zod';
import { IsoDateTime } from '../validation.js';
import { MemberType, RoleNameSchema } from './models.js';

/** `GET /api/v1/domains/{domain}/groups` (needs member.read). */
export const Group = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  memberCount: z.number().int().nonnegative(),
  serviceAccountCount: z.number().int().nonnegative(),
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
