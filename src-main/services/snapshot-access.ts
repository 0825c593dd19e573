import { meActor } from '../../src-shared/api/me.js';
import type { Me } from '../../src-shared/api/models.js';
import { permissionNames } from '../../src-shared/permissions.js';
import { ACCESS, canManageTokens, mayCall } from '../../src-shared/authz.js';
import type { CachedSnapshot } from './snapshot.js';
import type { CallerAndDirectory } from './caller-and-directory.js';
import { TokenIndex, type AccountTokens } from './token-index.js';

/**
 * Whether two answers of `/me` give the same rights: the same member with the same roles, groups and
 * permissions. When they do not, what the cache holds was fetched under other rights: an incremental
 * sync would keep what the server now refuses (it sends only accounts that changed) and miss what it
 * now allows (tokens of a group just joined), so the app restricts the cache and syncs in full.
 */
export function sameAccess(a: Me, b: Me): boolean {
  return (
    a.id === b.id &&
    sameSet(a.roles, b.roles) &&
    sameSet(a.groups, b.groups) &&
    sameSet(permissionNames(a.permissions), permissionNames(b.permissions))
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((item) => left.has(item));
}

/**
 * The snapshot cut down to what `basis.me` may see, before the full sync that follows brings
 * everything the server now answers: the fresh lists read with it (roles, groups, members), the
 * accounts only with `service_account.read`, and each account's tokens only where the shared rule
 * (`canManageTokens`, the server's as well) lets them through. Nothing is added: what became visible
 * arrives with the sync. Reads the token index, so it may throw `CorruptSnapshotError`.
 */
export function restrictToAccess(snapshot: CachedSnapshot, basis: CallerAndDirectory): CachedSnapshot {
  const me = meActor(basis.me);
  // The account list has its own access rule (service_account.read), the one the server checks.
  const accounts = mayCall(me, ACCESS.readServiceAccounts).allowed ? snapshot.accounts : [];
  const held = snapshot.tokens.entries();
  const tokens = new Map<string, AccountTokens>();
  for (const account of accounts) {
    tokens.set(account.id, canManageTokens(me, account).allowed ? (held.get(account.id) ?? null) : null);
  }
  return { ...snapshot, ...basis, accounts, tokens: TokenIndex.of(tokens) };
}
