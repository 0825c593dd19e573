import type { LocalTime } from './local-time.js';
import type { DueNotice, TokenNotice, WatchedToken } from './notice-types.js';

/**
 * The words of the notices. A title is a short phrase with no full stop; a body is whole sentences.
 * Names are quoted as the user typed them; the connection's name says which server they are on.
 */

const days = (count: number): string => (count === 1 ? '1 day' : `${count} days`);

/** `Token "deploy-bot" of "ci_runner" (Production)` or `Your personal token "mine" (Production)`. */
function whichToken(token: WatchedToken): string {
  const where = `(${token.connectionName})`;
  return token.accountId === null
    ? `Your personal token "${token.tokenName}" ${where}`
    : `Token "${token.tokenName}" of "${token.accountName ?? token.accountId}" ${where}`;
}

/** The notice for one token, which opens that token. */
export function singleNotice(due: DueNotice, local: LocalTime): TokenNotice {
  const { token } = due;
  const open = {
    connectionId: token.connectionId,
    accountId: token.accountId,
    tokenId: token.tokenId,
    tokenName: token.tokenName,
  };
  if (due.kind === 'expiry') {
    return {
      // "Within": a token first seen 12 hours before its expiry is within 1 day, not in 1 day.
      title: `Token expires within ${days(due.days)}`,
      body: `${whichToken(token)} expires on ${local.format(due.expiresAt)}.`,
      open,
    };
  }
  const at = token.leakedAt === null ? NaN : Date.parse(token.leakedAt);
  const when = Number.isFinite(at) ? ` on ${local.format(at)}` : '';
  return {
    title: 'Token revoked as leaked',
    body: `${whichToken(token)} was revoked${when} because its secret was reported as leaked. Replace it wherever it is used.`,
    open,
  };
}

/**
 * One notice for several tokens, counted by kind, the leaks first since they are already revoked; it
 * opens the Attention screen, which lists them all. "1 was revoked as leaked, 2 expire within 1 day
 * and 3 within 7 days."
 */
export function batchNotice(due: readonly DueNotice[]): TokenNotice {
  let leaked = 0;
  const expiring = new Map<number, number>();
  for (const item of due) {
    if (item.kind === 'leaked') leaked++;
    else expiring.set(item.days, (expiring.get(item.days) ?? 0) + 1);
  }
  const parts: string[] = [];
  if (leaked > 0) parts.push(`${leaked} ${leaked === 1 ? 'was' : 'were'} revoked as leaked`);
  const windows = [...expiring].sort((a, b) => a[0] - b[0]);
  windows.forEach(([within, count], index) => {
    // The verb once, for the first window only: "2 expire within 1 day and 3 within 7 days".
    const verb = index > 0 ? '' : count === 1 ? 'expires ' : 'expire ';
    parts.push(`${count} ${verb}within ${days(within)}`);
  });
  const last = parts.pop() ?? '';
  const sentence = parts.length === 0 ? last : `${parts.join(', ')} and ${last}`;
  return { title: `${due.length} tokens need attention`, body: `${sentence}.`, open: null };
}
