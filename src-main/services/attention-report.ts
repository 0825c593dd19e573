import { attentionOf } from '../../src-shared/attention.js';
import type { AttentionAccount, AttentionItem, AttentionReport } from '../../src-shared/ipc/attention.js';
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
 * it answers offline too, with each connection's age and whether it can be changed now. Each account
 * is sent once, however many of its tokens are listed.
 */
export function attentionReport(
  sources: AttentionSources,
  options: { now: number; unusedDays: number },
): AttentionReport {
  const report: AttentionReport = {
    computedAt: new Date(options.now).toISOString(),
    unusedDays: options.unusedDays,
    connections: [],
    accounts: [],
    items: [],
  };
  for (const connection of sources.connections.list()) {
    const snapshot = sources.sync.snapshot(connection.id);
    const tokens = snapshot ? sources.sync.tokens(connection.id) : null;
    const status = sources.sync.status(connection.id);
    report.connections.push({
      connectionId: connection.id,
      name: connection.name,
      asOf: snapshot?.asOf ?? null,
      link: status.link.state,
      ownTokenId: connection.tokenId,
      problem: snapshot && !tokens ? DAMAGED : null,
    });
    if (!snapshot || !tokens) continue;
    const seen = new Set<string>();
    for (const entry of attentionOf(snapshot.accounts, (id) => tokens.get(id), snapshot.tokenPolicy, options)) {
      const { account } = entry;
      if (!seen.has(account.id)) {
        seen.add(account.id);
        report.accounts.push({ ...account, connectionId: connection.id } satisfies AttentionAccount);
      }
      report.items.push({
        connectionId: connection.id,
        accountId: account.id,
        token: entry.token,
        groups: entry.groups,
        policy: entry.policy,
      } satisfies AttentionItem);
    }
  }
  return report;
}
