import type { ServiceAccountWithTokens } from '../../src-shared/api/models.js';
import type { AccountRow } from '../../src-shared/ipc/models.js';
import { TokenIndex, type AccountTokens } from './token-index.js';

/** A list item of sync (`include=tokens`) as the snapshot keeps it: the row, and its tokens apart. */
export function splitAccount(item: ServiceAccountWithTokens): { row: AccountRow; tokens: AccountTokens } {
  const { tokens, ...row } = item;
  return { row, tokens };
}

/** Sync's pages as a snapshot's accounts and token index, in the order the server listed them. */
export function fromItems(items: readonly ServiceAccountWithTokens[]): { accounts: AccountRow[]; tokens: TokenIndex } {
  const accounts: AccountRow[] = [];
  const byId = new Map<string, AccountTokens>();
  for (const item of items) {
    const { row, tokens } = splitAccount(item);
    accounts.push(row);
    byId.set(row.id, tokens);
  }
  return { accounts, tokens: TokenIndex.of(byId) };
}

/**
 * Applies deletions, then changes (replaced in place, new ones added; sorted by name if any were
 * new) to a snapshot's rows and tokens. The inputs are left as they were: the current snapshot stays
 * in use until the merged one is saved. The current token index is read (a lazily read one parsed
 * here, after the changes were fetched, so an offline start never parses it); that may throw
 * `CorruptSnapshotError`.
 */
export function merge(
  current: { accounts: readonly AccountRow[]; tokens: TokenIndex },
  changed: readonly ServiceAccountWithTokens[],
  deleted: ReadonlySet<string>,
): { accounts: AccountRow[]; tokens: TokenIndex } {
  // Read first, with or without changes: the merged snapshot is saved next, tokens and all.
  const currentTokens = current.tokens.entries();
  if (changed.length === 0 && deleted.size === 0) return { accounts: current.accounts.slice(), tokens: current.tokens };
  const byId = new Map(currentTokens);
  const rows = new Map<string, AccountRow>();
  for (const account of current.accounts) if (!deleted.has(account.id)) rows.set(account.id, account);
  for (const id of deleted) byId.delete(id);
  let added = false;
  for (const item of changed) {
    const { row, tokens } = splitAccount(item);
    if (!rows.has(row.id)) added = true;
    rows.set(row.id, row);
    byId.set(row.id, tokens);
  }
  const accounts = [...rows.values()];
  if (added) accounts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { accounts, tokens: TokenIndex.of(byId) };
}
