import { z } from 'zod';
import { ATTENTION_GROUPS } from '../attention.js';
import { ServiceAccount, TokenMeta } from '../api/models.js';
import { IsoDateTime } from '../validation.js';
import { LinkState } from './models.js';

/** One connection's part of the Attention view: how old its data is and whether it can change now. */
export const AttentionConnection = z.object({
  connectionId: z.string(),
  name: z.string(),
  /** When its cached data was read from the server; null before the first sync. */
  asOf: IsoDateTime.nullable(),
  link: LinkState,
  /** The token this connection signs in with (bulk actions leave it alone); null when unknown. */
  ownTokenId: z.string().nullable(),
  /** Why its data could not be read (a damaged cache being synced again), or null. */
  problem: z.string().nullable(),
});
export type AttentionConnection = z.infer<typeof AttentionConnection>;

/** An account with tokens in the view, once, however many of its tokens are listed. */
export const AttentionAccount = ServiceAccount.extend({ connectionId: z.string() });
export type AttentionAccount = z.infer<typeof AttentionAccount>;

export const AttentionItem = z.object({
  connectionId: z.string(),
  accountId: z.string(),
  token: TokenMeta,
  groups: z.array(z.enum(ATTENTION_GROUPS)).min(1),
  /** The policy rule it breaks, in words; null when it breaks none. */
  policy: z.string().nullable(),
});
export type AttentionItem = z.infer<typeof AttentionItem>;

/** `attention:list`: what needs attention across every connection, from the cache (offline too). */
export const AttentionReport = z.object({
  computedAt: IsoDateTime,
  unusedDays: z.number().int().positive(),
  connections: z.array(AttentionConnection),
  accounts: z.array(AttentionAccount),
  items: z.array(AttentionItem),
});
export type AttentionReport = z.infer<typeof AttentionReport>;
