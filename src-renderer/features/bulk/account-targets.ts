import type { AccountRow, ConnectionView, Snapshot, SyncStatus } from '../../../src-shared/ipc/models.js';
import { accountQuery } from '../../data/queries.js';
import { queryClient } from '../../data/query-client.js';
import { rowKey } from '../attention/attention-rows.js';
import type { BulkTarget } from './bulk-plan.js';

/**
 * Every token of the selected accounts, as a bulk change's targets: each account's tokens read from
 * the cache (accounts:get), with what the dry run asks of the connection. An account whose tokens the
 * admin may not see adds none.
 */
export async function accountTargets(
  connection: ConnectionView,
  snapshot: Snapshot,
  status: SyncStatus | null,
  accounts: readonly AccountRow[],
): Promise<BulkTarget[]> {
  const about = {
    connectionId: connection.id,
    name: connection.name,
    link: status?.link.state ?? 'offline',
    ownTokenId: connection.tokenId,
    me: snapshot.me,
    tokenPolicy: snapshot.tokenPolicy,
  } as const;
  const details = await Promise.all(
    accounts.map((account) => queryClient.fetchQuery(accountQuery(connection.id, account.id))),
  );
  return details.flatMap((detail) =>
    (detail?.tokens ?? []).map((token) => {
      const { tokens: _tokens, ...account } = detail!;
      return { key: rowKey(connection.id, account.id, token.name), connection: about, account, token };
    }),
  );
}
