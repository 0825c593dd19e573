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
