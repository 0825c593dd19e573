import { z } from 'zod';
import { Me, Role, ServiceAccountWithTokens } from '../../src-shared/api/models.js';
import type { AccountRow, Snapshot } from '../../src-shared/ipc/models.js';
import { IsoDateTime } from '../../src-shared/validation.js';

/** Bumped when the cached shape changes; an older file then fails the schema and is re-synced. */
export const SNAPSHOT_VERSION = 1;

/** What the encrypted cache holds for one connection: everything sync fetched, never a secret. */
export const CachedSnapshot = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  connectionId: z.string(),
  asOf: IsoDateTime,
  syncCursor: z.string(),
  me: Me,
  roles: z.array(Role),
  accounts: z.array(ServiceAccountWithTokens),
});
export type CachedSnapshot = z.infer<typeof CachedSnapshot>;

/**
 * Reads a snapshot from the cache file's decrypted text. The text passed AES-GCM authentication
 * under our own key, so it is exactly what this app wrote after `CachedSnapshot` checked it on the way
 * in (sync parses every server page). A full schema pass over 50,000 tokens would add ~90 ms to every
 * cold start for nothing; the format version and the top-level shape are checked instead, so a file
 * from another format version is re-synced rather than misread.
 */
export function readSealedSnapshot(text: string): CachedSnapshot {
  const value = JSON.parse(text) as Partial<Record<keyof CachedSnapshot, unknown>> | null;
  if (
    typeof value !== 'object' ||
    value === null ||
    value.version !== SNAPSHOT_VERSION ||
    typeof value.connectionId !== 'string' ||
    typeof value.asOf !== 'string' ||
    typeof value.syncCursor !== 'string' ||
    typeof value.me !== 'object' ||
    !Array.isArray(value.roles) ||
    !Array.isArray(value.accounts)
  ) {
    throw new Error('The cached snapshot has an unknown format.');
  }
  return value as CachedSnapshot;
}

const rowsCache = new WeakMap<CachedSnapshot, AccountRow[]>();

/** The list view of a snapshot: accounts without their tokens. Memoised per snapshot object. */
export function toSnapshotView(snapshot: CachedSnapshot): Snapshot {
  let rows = rowsCache.get(snapshot);
  if (!rows) {
    rows = snapshot.accounts.map(({ tokens: _tokens, ...row }) => row);
    rowsCache.set(snapshot, rows);
  }
  return {
    connectionId: snapshot.connectionId,
    asOf: snapshot.asOf,
    me: snapshot.me,
    roles: snapshot.roles,
    accounts: rows,
  };
}
