import type { TokenStatus } from '../../../src-shared/api/models.js';
import type { NoticeTarget } from '../../../src-shared/ipc/attention.js';

/** A token as the notices see it: its names for the wording, its ids for the target and the keys. */
export interface WatchedToken {
  connectionId: string;
  connectionName: string;
  /** Null for a personal token. */
  accountId: string | null;
  accountName: string | null;
  tokenId: string;
  tokenName: string;
  status: TokenStatus;
  expiresAt: string | null;
  leakedAt: string | null;
}

/** What clicking a notice opens: one token (accountId null for a personal token). */
export type { NoticeTarget };

/** One OS notification; `open` null means the Attention screen, which lists every token of a batch. */
export interface TokenNotice {
  title: string;
  body: string;
  open: NoticeTarget | null;
}

/** A notice that is due for one token, before it is worded. */
export type DueNotice =
  { kind: 'expiry'; days: number; expiresAt: number; token: WatchedToken } | { kind: 'leaked'; token: WatchedToken };
