import type { Group, Member } from '../../src-shared/api/directory.js';
import type { AccountRow } from '../../src-shared/ipc/models.js';
import type { CachedSnapshot } from './snapshot.js';
import { merge } from './snapshot-merge.js';
import type { AccountTokens } from './token-index.js';

/**
 * A change to one service account that the server has confirmed, as the app applies it to its cached
 * snapshot without a sync. `tokens` left out keeps the tokens the snapshot has for the account (an
 * edit of the account does not touch its tokens); an account the snapshot does not hold then gets null.
 */
export type AccountEdit = { kind: 'put'; row: AccountRow; tokens?: AccountTokens } | { kind: 'remove'; id: string };

/**
 * A confirmed change to the domain's members or groups (no version stamp on those: the edit just
 * confirmed is taken as it is, and a sync replaces both lists whole anyway).
 */
export type DirectoryEdit =
  | { kind: 'member-put'; member: Member }
  | { kind: 'member-remove'; id: string }
  | { kind: 'group-put'; group: Group }
  | { kind: 'group-remove'; name: string };

export type SnapshotEdit = AccountEdit | DirectoryEdit;

/**
 * When the snapshot already holds a version of the account, whether the edit's is too old to win:
 * `strict` skips only a strictly older edit (the edit just confirmed by the server); otherwise an
 * edit is also skipped when the snapshot's row is as new (replaying edits over a fresh sync, which
 * saw at least that version and whose tokens are then the better ones).
 */
export type Staleness = 'strict' | 'same-or-older';

/**
 * The snapshot with the edit applied: the row replaced in place or inserted in name order, or
 * removed, with its tokens alike. Everything else is kept, the syncCursor in particular: the next
 * incremental sync sees the change again and merges it to the same result. The input is left as it
 * was. Reads the token index (parsing a lazily read one), so it may throw `CorruptSnapshotError`.
 */
export function applyEdit(
  snapshot: CachedSnapshot,
  edit: SnapshotEdit,
  staleness: Staleness = 'strict',
): CachedSnapshot {
  switch (edit.kind) {
    case 'member-put':
      return { ...snapshot, members: putByName(snapshot.members, edit.member, (m) => m.id === edit.member.id) };
    case 'member-remove':
      return { ...snapshot, members: snapshot.members.filter((m) => m.id !== edit.id) };
    case 'group-put':
      return { ...snapshot, groups: putByName(snapshot.groups, edit.group, (g) => g.name === edit.group.name) };
    case 'group-remove':
      return { ...snapshot, groups: snapshot.groups.filter((g) => g.name !== edit.name) };
    default:
      return applyAccountEdit(snapshot, edit, staleness);
  }
}

function applyAccountEdit(snapshot: CachedSnapshot, edit: AccountEdit, staleness: Staleness): CachedSnapshot {
  if (edit.kind === 'remove') return { ...snapshot, ...merge(snapshot, [], new Set([edit.id])) };
  const { row } = edit;
  const held = snapshot.accounts.find((account) => account.id === row.id);
  if (held && isStale(row.updatedAt, held.updatedAt, staleness)) return snapshot;
  const tokens = edit.tokens !== undefined ? edit.tokens : held ? (snapshot.tokens.get(row.id) ?? null) : null;
  return { ...snapshot, ...merge(snapshot, [{ ...row, tokens }], new Set()) };
}

/** Applies edits in order (see `applyEdit`). */
export function applyEdits(
  snapshot: CachedSnapshot,
  edits: readonly SnapshotEdit[],
  staleness: Staleness = 'strict',
): CachedSnapshot {
  return edits.reduce((current, edit) => applyEdit(current, edit, staleness), snapshot);
}

/** ISO-8601 times from the server (all `toISOString`, so the text order is the time order). */
function isStale(editAt: string, heldAt: string, staleness: Staleness): boolean {
  return staleness === 'strict' ? editAt < heldAt : editAt <= heldAt;
}

/** The list with the item replaced where `same` finds it, or inserted in name order. */
function putByName<T extends { name: string }>(list: readonly T[], item: T, same: (held: T) => boolean): T[] {
  const at = list.findIndex(same);
  if (at >= 0) return list.map((held, i) => (i === at ? item : held));
  const next = [...list];
  const before = next.findIndex((held) => held.name > item.name);
  next.splice(before < 0 ? next.length : before, 0, item);
  return next;
}
