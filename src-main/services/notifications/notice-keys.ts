/**
 * The keys remembered for the notices shown: one per token and window, one per leaked token. Connection
 * ids are UUIDs, so the first colon ends them; a token id may hold colons, since the end of a key is fixed.
 */

export const expiryKey = (connectionId: string, tokenId: string, days: number): string =>
  `${connectionId}:${tokenId}${EXPIRY}${days}`;

export const leakedKey = (connectionId: string, tokenId: string): string => `${connectionId}:${tokenId}${LEAKED}`;

export type NoticeKey =
  | { connectionId: string; tokenId: string; kind: 'leaked' }
  | { connectionId: string; tokenId: string; kind: 'expiry'; days: number };

const EXPIRY = ':expiry:';
const LEAKED = ':leaked';
const WHOLE_NUMBER = /^\d+$/;

/** A key's parts; null for a key in no known shape. Without a regular expression on the whole key: it runs once per key remembered at each plan. */
export function parseNoticeKey(key: string): NoticeKey | null {
  const colon = key.indexOf(':');
  if (colon <= 0) return null;
  const connectionId = key.slice(0, colon);
  if (key.endsWith(LEAKED)) {
    const tokenId = key.slice(colon + 1, key.length - LEAKED.length);
    return tokenId === '' ? null : { connectionId, tokenId, kind: 'leaked' };
  }
  const at = key.lastIndexOf(EXPIRY);
  const days = key.slice(at + EXPIRY.length);
  if (at <= colon + 1 || !WHOLE_NUMBER.test(days)) return null;
  return { connectionId, tokenId: key.slice(colon + 1, at), kind: 'expiry', days: Number(days) };
}

/** The tokens with any key remembered, by connection: most tokens have none, and need no key built. */
export function tokensWithKeys(remembered: ReadonlySet<string>): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const key of remembered) {
    const parts = parseNoticeKey(key);
    if (parts === null) continue;
    let tokens = index.get(parts.connectionId);
    if (tokens === undefined) index.set(parts.connectionId, (tokens = new Set()));
    tokens.add(parts.tokenId);
  }
  return index;
}
