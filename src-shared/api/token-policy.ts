import { z } from 'zod';
import { POLICY_RULES, TokenPolicy } from '../token-policy.js';
import { IsoDateTime } from '../validation.js';

/** What the background auto-suspend did last (src-server/policy/auto-suspend.ts). */
export const AutoSuspendState = z.object({
  /** When it last looked at this domain's tokens; null before its first run. */
  lastRunAt: IsoDateTime.nullable(),
  /** How many tokens that run suspended. */
  lastSuspended: z.number().int().nonnegative(),
  /** How many it has suspended in this domain in all. */
  totalSuspended: z.number().int().nonnegative(),
});
export type AutoSuspendState = z.infer<typeof AutoSuspendState>;

/** `GET …/token-policy`: the policy in force, who set it, and what auto-suspend has done. */
export const TokenPolicyResponse = z.object({
  policy: TokenPolicy,
  /** Null while the domain has the default policy. */
  updatedAt: IsoDateTime.nullable(),
  updatedBy: z.string().nullable(),
  autoSuspend: AutoSuspendState,
});
export type TokenPolicyResponse = z.infer<typeof TokenPolicyResponse>;

const PolicyValue = z.union([z.number(), z.array(z.string())]);

/**
 * One token (or account) that breaks the policy in force now: a policy change never alters existing
 * tokens, it lists them here for an Admin to act on. `tokenName` is null for the count rule, which is
 * about the account. `actual` is the days the token still has (null: never expires), the roles it counts
 * as, or the account's active count.
 */
export const PolicyViolation = z.object({
  accountId: z.string(),
  accountName: z.string(),
  kind: z.enum(['serviceAccount', 'personal']),
  tokenName: z.string().nullable(),
  rule: z.enum(POLICY_RULES),
  allowed: PolicyValue,
  actual: PolicyValue.nullable(),
});
export type PolicyViolation = z.infer<typeof PolicyViolation>;

export const PolicyViolationList = z.object({ items: z.array(PolicyViolation) });
export type PolicyViolationList = z.infer<typeof PolicyViolationList>;
