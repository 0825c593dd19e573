import type { Bundle } from '../../src-shared/api/bundles.js';
import type { Group, Member } from '../../src-shared/api/directory.js';
import type { AccountRow } from '../../src-shared/ipc/models.js';
import type { TokenPolicy } from '../../src-shared/token-policy.js';
import type { CachedSnapshot } from './snapshot.js';
import { accountRow, noteRow } from './snapshot-rows.js';
import type { AccountTokens } from './token-index.js';

/**
 * A change to one service account that the server has confirmed, as the app applies it to its cached
 * snapshot without a sync. `tokens` left out keeps the tokens the snapshot has for the account (an
 * edit of the account does not touch its tokens); an account the snapshot does not hold then gets null.
 */
export type AccountEdit = { kind: 'put'; row: AccountRow; tokens?: AccountTokens } | { kind: 'remove'; id: string };

/**
 * A confirmed change to the domain's members, groups or bundles (no version stamp on those: the edit
 * just confirmed is taken as it is, and a sync replaces the lists whole anyway). A bundle removed is
 * also taken off every member and group the cache shows holding it, as the server does.
 * `member-bundles` and `group-bundles` set what one member or group holds (the answer of a grant
 * names the bundles only); a member or group the cache does not hold is left to the next sync.
 */
export type DirectoryEdit =
  | { kind: 'member-put'; member: Member }
  | { kind: 'member-remove'; id: string }
  | { kind: 'member-bundles'; id: string; bundles: string[] }
  | { kind: 'group-put'; group: Group }
  | { kind: 'group-remove'; name: string }
  | { kind: 'group-bundles'; name: string; bundles: string[] }
  | { kind: 'bundle-put'; bundle: Bundle }
  | { kind: 'bundle-remove'; name: string }
  | { kind: 'token-policy'; policy: TokenPolicy };

export type SnapshotEdit = AccountEdit | DirectoryEdit;

/**
 * When the snapshot already holds a version of the account, whether the edit's is too old to win:
 * `strict` skips only a strictly older edit (the edit just confirmed by the server); otherwise an
 * edit is also skipped when the snapshot's row is as new (replaying edits over a fresh sync, which
 * saw at least that version and whose tokens are then the better ones).
 */
export type Staleness = 'strict' | 'same-or-older';

/**
 * Applies the edit to the snapshot in place: the row replaced or inserted in name order, or removed,
 * with its tokens alike; the members and groups likewise. Nothing else is copied, so an edit costs
 * what it changes however large the snapshot. Everything else is kept, the syncCursor in particular:
 * the next incremental sync sees the change again and merges it to the same result. Returns whether
 * anything changed (an edit older than what is held changes nothing). Never parses a token index
 * still held as text.
 */
export function applyEdit(snapshot: CachedSnapshot, edit: SnapshotEdit, staleness: Staleness = 'strict'): boolean {
  switch (edit.kind) {
    case 'member-put':
      putByName(snapshot.members, edit.member, (m) => m.id === edit.member.id);
      return true;
    case 'member-remove':
      return removeWhere(snapshot.members, (m) => m.id === edit.id);
    case 'group-put':
      putByName(snapshot.groups, edit.group, (g) => g.name === edit.group.name);
      return true;
    case 'group-remove':
      return removeWhere(snapshot.groups, (g) => g.name === edit.name);
    case 'member-bundles':
      return replaceWhere(
        snapshot.members,
        (m) => m.id === edit.id,
        (m) => ({ ...m, bundles: edit.bundles }),
      );
    case 'group-bundles':
      return replaceWhere(
        snapshot.groups,
        (g) => g.name === edit.name,
        (g) => ({ ...g, bundles: edit.bundles }),
      );
    case 'bundle-put':
      putByName(snapshot.bundles, edit.bundle, (b) => b.name === edit.bundle.name);
      return true;
    case 'bundle-remove': {
      const without = <T extends { bundles: string[] }>(held: T) =>
        held.bundles.includes(edit.name) ? { ...held, bundles: held.bundles.filter((b) => b !== edit.name) } : held;
      snapshot.members = snapshot.members.map(without);
      snapshot.groups = snapshot.groups.map(without);
      return removeWhere(snapshot.bundles, (b) => b.name === edit.name);
    }
    case 'token-policy':
      snapshot.tokenPolicy = edit.policy;
      return true;
    default:
      return applyAccountEdit(snapshot, edit, staleness);
  }
}

function applyAccountEdit(snapshot: CachedSnapshot, edit: AccountEdit, staleness: Staleness): boolean {
  if (edit.kind === 'remove') {
    const held = accountRow(snapshot, edit.id);
    if (!held) return false;
    snapshot.accounts.splice(snapshot.accounts.indexOf(held), 1);
    snapshot.tokens.delete(edit.id);
    noteRow(snapshot, edit.id, undefined);
    return true;
  }
  const { row } = edit;
  const held = accountRow(snapshot, row.id);
  if (held && isStale(row.updatedAt, held.updatedAt, staleness)) return false;
  if (held) {
    snapshot.accounts[snapshot.accounts.indexOf(held)] = row;
    // Left out: the account keeps the tokens the snapshot has for it.
    if (edit.tokens !== undefined) snapshot.tokens.set(row.id, edit.tokens);
  } else {
    putByName(snapshot.accounts, row, () => false);
    snapshot.tokens.set(row.id, edit.tokens ?? null);
  }
  noteRow(snapshot, row.id, row);
  return true;
}

/** Applies edits in order (see `applyEdit`); returns the ones that changed something. */
export function applyEdits(
  snapshot: CachedSnapshot,
  edits: readonly SnapshotEdit[],
  staleness: Staleness = 'strict',
): SnapshotEdit[] {
  return edits.filter((edit) => applyEdit(snapshot, edit, staleness));
}

/** ISO-8601 times from the server (all `toISOString`, so the text order is the time order). */
function isStale(editAt: string, heldAt: string, staleness: Staleness): boolean {
  return staleness === 'strict' ? editAt < heldAt : editAt <= heldAt;
}

/** Replaces the item where `same` finds it, or inserts it in name order, in place. */
function putByName<T extends { name: string }>(list: T[], item: T, same: (held: T) => boolean): void {
  const at = list.findIndex(same);
  if (at >= 0) {
    list[at] = item;
    return;
  }
  const before = list.findIndex((held) => held.name > item.name);
  list.splice(before < 0 ? list.length : before, 0, item);
}

/** Replaces the item `match` finds with `change` of it, in place; false when there is none. */
function replaceWhere<T>(list: T[], match: (held: T) => boolean, change: (held: T) => T): boolean {
  const at = list.findIndex(match);
  if (at >= 0) list[at] = change(list[at]!);
  return at >= 0;
}

function removeWhere<T>(list: T[], match: (held: T) => boolean): boolean {
  const at = list.findIndex(match);
  if (at >= 0) list.splice(at, 1);
  return at >= 0;
}
