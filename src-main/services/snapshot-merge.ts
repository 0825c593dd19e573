import type { ServiceAccountWithTokens } from '../../src-shared/api/models.js';

/** Applies deletions, then changes (replaced in place, new ones added); sorted by name if any were new. */
export function merge(
  accounts: readonly ServiceAccountWithTokens[],
  changed: readonly ServiceAccountWithTokens[],
  deleted: ReadonlySet<string>,
): ServiceAccountWithTokens[] {
  if (changed.length === 0 && deleted.size === 0) return accounts.slice();
  const byId = new Map<string, ServiceAccountWithTokens>();
  for (const account of accounts) if (!deleted.has(account.id)) byId.set(account.id, account);
  let added = false;
  for (const account of changed) {
    if (!byId.has(account.id)) added = true;
    byId.set(account.id, account);
  }
  const merged = [...byId.values()];
  if (added) merged.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return merged;
}
