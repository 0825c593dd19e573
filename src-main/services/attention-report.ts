import { attentionOf } from '../../src-shared/attention.js';
import type { AttentionReport } from '../../src-shared/ipc/attention.js';
import type { SyncStatus } from '../../src-shared/ipc/models.js';
import type { CachedSnapshot } from './snapshot.js';
import type { AccountTokens } from './token-index.js';

/** What the report reads of the app: its connections and, for each, the cached snapshot and state. */
export interface AttentionSources {
  connections: { list(): readonly { id: string; name: string; tokenId: string | null }[] };
  sync: {
    snapshot(connectionId: string): CachedSnapshot | null;
    tokens(connectionId: string): ReadonlyMap<string, AccountTokens> | null;
    status(connectionId: string): SyncStatus;
  };
}

const DAMAGED =
  'Its saved data could not be read, so it is being synced again. Its tokens show here once that is done.';

/**
 * The Attention view across every connection, from the encrypted cache alone: no request is sent, so
 * it answers offline too, with each connection's age and whether it can be changed now.
 */
export function attentionReport(
  sources: AttentionSources,
  options: { now: number; unusedDays: number },
): AttentionReport {
  return {
    computedAt: new Date(options.now).toISOString(),
    unusedDays: options.unusedDays,
    connections: sources.connections.list().map((connection) => {
      const snapshot = sources.sync.snapshot(connection.id);
      const tokens = snapshot ? sources.sync.tokens(connection.id) : null;
      const found =
        snapshot && tokens
          ? attentionOf(snapshot.accounts, (id) => tokens.get(id), snapshot.tokenPolicy, options)
          : { accounts: [], entries: [] };
      return {
        connectionId: connection.id,
        name: connection.name,
        asOf: snapshot?.asOf ?? null,
        link: sources.sync.status(connection.id).link.state,
        ownTokenId: connection.tokenId,
        problem: snapshot && !tokens ? DAMAGED : null,
        me: snapshot?.me ?? null,
        tokenPolicy: snapshot?.tokenPolicy ?? null,
        accounts: found.accounts,
        items: found.entries,
      };
    }),
  };
}
