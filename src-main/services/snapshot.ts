import type { Bundle } from '../../src-shared/api/bundles.js';
import type { Group, Member } from '../../src-shared/api/directory.js';
import type { Me, Role } from '../../src-shared/api/models.js';
import type { AccountRow, Snapshot } from '../../src-shared/ipc/models.js';
import type { TokenPolicy } from '../../src-shared/token-policy.js';
import { CorruptSnapshotError, TokenIndex, type AccountTokens } from './token-index.js';

/** Bumped when the cached shape changes; an older file then fails the format check and is re-synced.
 * 5: /me permissions carry their sources, and the domain's bundles are kept (issue 12). 6: accounts carry
 * their grants and denies. 7: the domain's token policy is kept. */
export const SNAPSHOT_VERSION = 7;

/**
 * What the encrypted cache holds for one connection: everything sync fetched, never a secret. The
 * accounts are kept as the list shows them (no tokens); their tokens are a separate index, read from
 * the file only when first needed.
 */
export interface CachedSnapshot {
  version: typeof SNAPSHOT_VERSION;
  connectionId: string;
  asOf: string;
  syncCursor: string;
  me: Me;
  roles: Role[];
  /** The domain's groups (version 3); empty when the caller may not read them. */
  groups: Group[];
  /** The domain's people (version 4); empty when the caller may not read them. */
  members: Member[];
  /** The domain's bundles (version 5); empty when the caller may not read members. */
  bundles: Bundle[];
  /** The domain's token policy (version 7), so the dialogs and the Policy screen work offline; null when unreadable. */
  tokenPolicy: TokenPolicy | null;
  accounts: AccountRow[];
  tokens: TokenIndex;
}

/**
 * The snapshot as the plaintext of its cache file (SealedFileStore seals it): two JSON texts on two
 * lines, the head (the snapshot without its tokens) and the token index. JSON.stringify never writes a
 * raw newline, so the first one splits them.
 */
export function serializeSnapshot(snapshot: CachedSnapshot): string {
  return [...snapshotParts(snapshot)].join('');
}

/** Rows per part of `snapshotParts`: parts of a few hundred kilobytes. */
const ROWS_PER_PART = 2_000;

/**
 * `serializeSnapshot`'s text in parts of a few hundred rows, so a large snapshot is sealed and written
 * without ever being one text. The accounts come last in the head, so the head's other fields are
 * written once, before the rows.
 */
export function* snapshotParts(snapshot: CachedSnapshot): Generator<string> {
  const { tokens, accounts, ...rest } = snapshot;
  const empty = JSON.stringify({ ...rest, accounts: [] });
  yield empty.slice(0, -2); // Without the closing `]}`.
  // Each part is one JSON.stringify of a slice (its brackets cut off): one native call per part.
  for (let at = 0; at < accounts.length; at += ROWS_PER_PART) {
    yield `${at === 0 ? '' : ','}${JSON.stringify(accounts.slice(at, at + ROWS_PER_PART)).slice(1, -1)}`;
  }
  yield ']}\n{';
  let first = true;
  let part: Record<string, AccountTokens> = {};
  let size = 0;
  const flush = (): string => {
    const text = `${first ? '' : ','}${JSON.stringify(part).slice(1, -1)}`;
    first = false;
    part = {};
    size = 0;
    return text;
  };
  for (const [id, list] of tokens.entries()) {
    part[id] = list;
    if (++size === ROWS_PER_PART) yield flush();
  }
  if (size > 0) yield flush();
  yield '}';
}

/**
 * The snapshot back from its cache file's plaintext (SealedFileStore has unsealed it). The text passed AES-GCM authentication
 * under our own key, so it is exactly what this app wrote from data sync had parsed with the shared
 * schemas. A full schema pass over 50,000 tokens would add ~90 ms to every cold start for nothing; the
 * format version and the top-level shape are checked instead, so a file from another format version
 * is re-synced rather than misread. Only the head is parsed here: the tokens part (most of the file)
 * is kept as text and parsed by the TokenIndex on first use, which throws `CorruptSnapshotError` then.
 * With `again` (the same plaintext, read from the file again) it is not even kept: it is read again then.
 */
export function parseSnapshot(text: string, again?: () => string): CachedSnapshot {
  const split = text.indexOf('\n');
  if (split < 0) throw new CorruptSnapshotError('The cached snapshot has an unknown format.');
  const head = JSON.parse(text.slice(0, split)) as Partial<Record<keyof CachedSnapshot, unknown>> | null;
  const tokensText = text.slice(split + 1);
  if (
    typeof head !== 'object' ||
    head === null ||
    head.version !== SNAPSHOT_VERSION ||
    typeof head.connectionId !== 'string' ||
    typeof head.asOf !== 'string' ||
    typeof head.syncCursor !== 'string' ||
    typeof head.me !== 'object' ||
    !Array.isArray(head.roles) ||
    !Array.isArray(head.groups) ||
    !Array.isArray(head.members) ||
    !Array.isArray(head.bundles) ||
    typeof head.tokenPolicy !== 'object' ||
    !Array.isArray(head.accounts) ||
    !tokensText.startsWith('{') ||
    !tokensText.endsWith('}')
  ) {
    throw new CorruptSnapshotError('The cached snapshot has an unknown format.');
  }
  const accounts = head.accounts as AccountRow[];
  return {
    version: SNAPSHOT_VERSION,
    connectionId: head.connectionId,
    asOf: head.asOf,
    syncCursor: head.syncCursor,
    me: head.me as Me,
    roles: head.roles as Role[],
    groups: head.groups as Group[],
    members: head.members as Member[],
    bundles: head.bundles as Bundle[],
    tokenPolicy: head.tokenPolicy as TokenPolicy | null,
    accounts,
    // Read from the file again when first needed, if it can be: the text is then not held meanwhile
    // (the tokens are most of a large cache, and the list never needs them).
    tokens: TokenIndex.fromText(again ? () => tokensPart(again()) : tokensText, () =>
      accounts.map((account) => account.id),
    ),
  };
}

/** The tokens part of a snapshot's plaintext (after the head's line). */
function tokensPart(text: string): string {
  return text.slice(text.indexOf('\n') + 1);
}

/** The list view of a snapshot: its rows as they are (they carry no tokens). */
export function toSnapshotView(snapshot: CachedSnapshot): Snapshot {
  return {
    connectionId: snapshot.connectionId,
    asOf: snapshot.asOf,
    me: snapshot.me,
    roles: snapshot.roles,
    groups: snapshot.groups,
    members: snapshot.members,
    bundles: snapshot.bundles,
    tokenPolicy: snapshot.tokenPolicy,
    accounts: snapshot.accounts,
  };
}
