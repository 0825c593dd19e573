import type { Bundle } from '../../src-shared/api/bundles.js';
import type { Group, Member } from '../../src-shared/api/directory.js';
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { AccountDetail, AccountRow, Snapshot } from '../../src-shared/ipc/models.js';
import { request } from '../bridge.js';
import { queryClient } from './query-client.js';
import { queryKeys } from './query-keys.js';

/**
 * Changes main has already made to its cached snapshot, made the same way to the copy the renderer
 * holds: only the rows that changed are replaced, the other 9,999 stay the same objects.
 */

/** Puts an account as main now caches it into the list and its detail. */
export function putAccount(connectionId: string, account: AccountDetail): void {
  const { tokens: _tokens, ...row } = account;
  patchSnapshot(connectionId, (snapshot) => withRow(snapshot, row));
  queryClient.setQueryData(queryKeys.account(connectionId, account.id), account);
}

/** Takes an account out of the list; its detail says it is gone. */
export function removeAccount(connectionId: string, accountId: string): void {
  patchSnapshot(connectionId, (snapshot) => ({
    ...snapshot,
    accounts: snapshot.accounts.filter((account) => account.id !== accountId),
  }));
  queryClient.setQueryData(queryKeys.account(connectionId, accountId), null);
}

/** Changes some fields of one account in the list and its detail (an optimistic flip, or its rollback). */
export function patchAccount(connectionId: string, accountId: string, change: (row: AccountRow) => AccountRow): void {
  patchSnapshot(connectionId, (snapshot) => ({
    ...snapshot,
    accounts: snapshot.accounts.map((account) => (account.id === accountId ? change(account) : account)),
  }));
  queryClient.setQueryData<AccountDetail | null>(queryKeys.account(connectionId, accountId), (detail) =>
    detail ? { ...change(detail), tokens: detail.tokens } : detail,
  );
}

/** The domain's members, groups and bundles, from an answer or read back. */
export function putDirectory(
  connectionId: string,
  directory: { members?: Member[]; groups?: Group[]; bundles?: Bundle[] },
): void {
  patchSnapshot(connectionId, (snapshot) => ({ ...snapshot, ...directory }));
}

/**
 * Reads the domain's members and groups back from main's cache, and its bundles unless only people moved
 * (`people`: a member change moves group counts, never a bundle): small lists, never the accounts.
 */
export async function refreshDirectory(connectionId: string, what: 'all' | 'people' = 'all'): Promise<void> {
  if (!queryClient.getQueryData(queryKeys.snapshot(connectionId))) return;
  const [members, groups, bundles] = await Promise.all([
    request((bridge) => bridge.members.list({ connectionId })),
    request((bridge) => bridge.groups.list({ connectionId })),
    what === 'all' ? request((bridge) => bridge.bundles.list({ connectionId })) : undefined,
  ]);
  putDirectory(connectionId, { members, groups, ...(bundles ? { bundles } : {}) });
}

function patchSnapshot(connectionId: string, change: (snapshot: Snapshot) => Snapshot): void {
  queryClient.setQueryData<Snapshot | null>(queryKeys.snapshot(connectionId), (snapshot) =>
    snapshot ? change(snapshot) : snapshot,
  );
}

function withRow(snapshot: Snapshot, row: AccountRow): Snapshot {
  const found = snapshot.accounts.some((account) => account.id === row.id);
  return {
    ...snapshot,
    accounts: found
      ? snapshot.accounts.map((account) => (account.id === row.id ? row : account))
      : [...snapshot.accounts, row],
  };
}

/**
 * Puts tokens an answer carried (metadata only) into the account's detail at once; the account's own
 * fields (count, next expiry) follow when snapshot:changed has it read back.
 */
export function putTokens(
  connectionId: string,
  accountId: string,
  changed: readonly TokenMeta[],
  removedName?: string,
): void {
  queryClient.setQueryData<AccountDetail | null>(queryKeys.account(connectionId, accountId), (account) => {
    if (!account?.tokens) return account;
    let tokens = account.tokens.filter((token) => token.name !== removedName);
    for (const token of changed) {
      const at = tokens.findIndex((held) => held.id === token.id);
      tokens = at === -1 ? [...tokens, token] : tokens.map((held, i) => (i === at ? token : held));
    }
    return { ...account, tokens, tokenCount: tokens.length };
  });
}

export function putMember(connectionId: string, member: Member): void {
  patchSnapshot(connectionId, (snapshot) => ({
    ...snapshot,
    members: putByName(snapshot.members, member, (held) => held.id === member.id),
  }));
}

export function removeMember(connectionId: string, memberId: string): void {
  patchSnapshot(connectionId, (snapshot) => ({
    ...snapshot,
    members: snapshot.members.filter((member) => member.id !== memberId),
  }));
}

export function putGroup(connectionId: string, group: Group): void {
  patchSnapshot(connectionId, (snapshot) => ({
    ...snapshot,
    groups: putByName(snapshot.groups, group, (held) => held.name === group.name),
  }));
}

export function removeGroup(connectionId: string, name: string): void {
  patchSnapshot(connectionId, (snapshot) => ({
    ...snapshot,
    groups: snapshot.groups.filter((group) => group.name !== name),
  }));
}

export function putBundle(connectionId: string, bundle: Bundle): void {
  patchSnapshot(connectionId, (snapshot) => ({
    ...snapshot,
    bundles: putByName(snapshot.bundles, bundle, (held) => held.name === bundle.name),
  }));
}

/** Takes a bundle out of the list and off every member and group holding it, as the server and main do. */
export function removeBundle(connectionId: string, name: string): void {
  const without = <T extends { bundles: string[] }>(held: T): T =>
    held.bundles.includes(name) ? { ...held, bundles: held.bundles.filter((b) => b !== name) } : held;
  patchSnapshot(connectionId, (snapshot) => ({
    ...snapshot,
    bundles: snapshot.bundles.filter((bundle) => bundle.name !== name),
    members: snapshot.members.map(without),
    groups: snapshot.groups.map(without),
  }));
}

/** The bundles now granted to one member (by id) or one group (by name). */
export function putGrantedBundles(
  connectionId: string,
  holder: { memberId: string } | { group: string },
  bundles: string[],
): void {
  patchSnapshot(connectionId, (snapshot) =>
    'memberId' in holder
      ? { ...snapshot, members: snapshot.members.map((m) => (m.id === holder.memberId ? { ...m, bundles } : m)) }
      : { ...snapshot, groups: snapshot.groups.map((g) => (g.name === holder.group ? { ...g, bundles } : g)) },
  );
}

/** The list with the item replaced where `same` finds it, or inserted in name order (as main does). */
function putByName<T extends { name: string }>(list: readonly T[], item: T, same: (held: T) => boolean): T[] {
  const at = list.findIndex(same);
  if (at >= 0) return list.map((held, i) => (i === at ? item : held));
  const next = [...list];
  const before = next.findIndex((held) => held.name > item.name);
  next.splice(before < 0 ? next.length : before, 0, item);
  return next;
}
