import type { ServiceAccount, TokenMeta } from '../../../src-shared/api/models.js';
import { meActor } from '../../../src-shared/api/me.js';
import { canIssueToken, canManageTokens, extendsExpiry, leakedRefusal } from '../../../src-shared/authz.js';
import type { AttentionConnection } from '../../../src-shared/ipc/attention.js';
import { policyRefusal } from '../../../src-shared/token-policy.js';
import { tokenPolicyView } from '../../lib/expiry-policy.js';

/** One change for many tokens: suspend them, delete them, or give them an expiry (ISO time). */
export type BulkAction = { kind: 'suspend' } | { kind: 'delete' } | { kind: 'expiry'; expiresAt: string };

/** A token a bulk change may touch, with what its dry run asks of its connection. */
export interface BulkTarget {
  key: string;
  connection: Pick<AttentionConnection, 'connectionId' | 'name' | 'link' | 'ownTokenId' | 'me' | 'tokenPolicy'>;
  account: ServiceAccount;
  token: TokenMeta;
}

/**
 * What the dry run says of one token: it will change, it is refused (the server would refuse it, or it
 * would cut the app off), or it needs no change.
 */
export type BulkVerdict =
  { kind: 'change' } | { kind: 'refused'; reason: string } | { kind: 'unchanged'; reason: string };

export const OWN_TOKEN_BULK_REASON =
  'TokenDesk signs in to this server with this token. Change it from its account, where TokenDesk asks first.';
const NOT_KNOWN_REASON = 'Wait for the first sync: TokenDesk does not know your roles on this server yet.';

const CHANGE = { kind: 'change' } as const;
const refused = (reason: string): BulkVerdict => ({ kind: 'refused', reason });
const unchanged = (reason: string): BulkVerdict => ({ kind: 'unchanged', reason });

/**
 * The dry run of `action` on one token, with the rules the server enforces (shared authz and the
 * domain's token policy) as the cached data knows them. The server still decides: a change it refuses
 * after all (another admin got there first, the account's cap on active tokens) ends as that row's
 * failure, in the server's words.
 */
export function planBulk(action: BulkAction, target: BulkTarget, now: number): BulkVerdict {
  const { connection, account, token } = target;
  if (connection.link !== 'online') {
    return refused(`${connection.name} cannot be reached now, so nothing there can change until it is back.`);
  }
  if (!connection.me) return refused(NOT_KNOWN_REASON);
  const actor = meActor(connection.me);
  const gate = canManageTokens(actor, account);
  if (!gate.allowed) return refused(gate.reason);
  if (token.replacedBy !== null) {
    return unchanged('It was rotated out and goes by itself when its grace period ends.');
  }
  if (action.kind === 'delete') return token.id === connection.ownTokenId ? refused(OWN_TOKEN_BULK_REASON) : CHANGE;
  if (token.status === 'REVOKED_LEAKED') return refused(leakedRefusal(token.name));
  const nowIso = new Date(now).toISOString();
  const expired = token.status === 'EXPIRED' || (token.expiresAt !== null && token.expiresAt <= nowIso);

  if (action.kind === 'suspend') {
    if (token.id === connection.ownTokenId) return refused(OWN_TOKEN_BULK_REASON);
    if (token.status === 'SUSPENDED') return unchanged('It is suspended already.');
    if (expired) return unchanged('It has expired, so it works no more than a suspended one.');
    return CHANGE;
  }

  if (token.expiresAt !== null && Date.parse(token.expiresAt) === Date.parse(action.expiresAt)) {
    return unchanged('It expires then already.');
  }
  // A later expiry hands the token's roles out again: the ceiling of a create, as the server checks it.
  if (extendsExpiry(token.expiresAt, action.expiresAt)) {
    const issue = canIssueToken(actor, token.roles, account);
    if (!issue.allowed) return refused(issue.reason);
  }
  const policy = connection.tokenPolicy;
  const breach =
    policy && policyRefusal(policy, { ...tokenPolicyView(token, account), expiresAt: action.expiresAt }, now);
  return breach ? refused(breach.message) : CHANGE;
}
