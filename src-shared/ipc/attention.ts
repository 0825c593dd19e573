import { z } from 'zod';
import { ATTENTION_GROUPS } from '../attention.js';
import { Me, ServiceAccount, TokenMeta } from '../api/models.js';
import { TokenPolicy } from '../token-policy.js';
import { IsoDateTime } from '../validation.js';
import { LinkState } from './models.js';

export const AttentionItem = z.object({
  accountId: z.string(),
  token: TokenMeta,
  groups: z.array(z.enum(ATTENTION_GROUPS)).min(1),
  /** The policy rule it breaks, in words; null when it breaks none. */
  policy: z.string().nullable(),
});
export type AttentionItem = z.infer<typeof AttentionItem>;

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
  /** The admin as this server knows them, and its token policy: what a bulk change's dry run asks. */
  me: Me.nullable(),
  tokenPolicy: TokenPolicy.nullable(),
  /** The accounts with tokens listed, each once, however many of its tokens are. */
  accounts: z.array(ServiceAccount),
  items: z.array(AttentionItem),
});
export type AttentionConnection = z.infer<typeof AttentionConnection>;

/** `attention:list`: what needs attention across every connection, from the cache (offline too). */
export const AttentionReport = z.object({
  computedAt: IsoDateTime,
  unusedDays: z.number().int().positive(),
  connections: z.array(AttentionConnection),
});
export type AttentionReport = z.infer<typeof AttentionReport>;

/** What clicking a token notification opens: one token (`accountId` null for a personal token). */
export const NoticeTarget = z.object({
  connectionId: z.string(),
  accountId: z.string().nullable(),
  tokenId: z.string(),
  tokenName: z.string(),
});
export type NoticeTarget = z.infer<typeof NoticeTarget>;
