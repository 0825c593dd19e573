import type { ServiceAccount } from '../../../src-shared/api/models.js';
import { ATTENTION_GROUPS, type AttentionGroup } from '../../../src-shared/attention.js';
import type { AttentionConnection, AttentionItem, AttentionReport } from '../../../src-shared/ipc/attention.js';

/** One token of the Attention view, with its account and connection: the same object in every group it is in. */
export interface AttentionRow {
  /** Unique across connections: what selection remembers. */
  key: string;
  connection: AttentionConnection;
  account: ServiceAccount;
  item: AttentionItem;
}

export interface AttentionRows {
  /** Each group's rows, most urgent group first; groups without rows are left out. */
  groups: { group: AttentionGroup; rows: AttentionRow[] }[];
  byKey: ReadonlyMap<string, AttentionRow>;
  /** Distinct tokens (a token in three groups counts once): the sidebar's badge. */
  total: number;
}

export const rowKey = (connectionId: string, accountId: string, tokenName: string) =>
  `${connectionId}\u0000${accountId}\u0000${tokenName}`;

/** The report's tokens as rows by group, in the order main listed them (accounts by name, then tokens). */
export function attentionRows(report: AttentionReport): AttentionRows {
  const lists = new Map<AttentionGroup, AttentionRow[]>(ATTENTION_GROUPS.map((group) => [group, []]));
  const byKey = new Map<string, AttentionRow>();
  for (const connection of report.connections) {
    const accounts = new Map(connection.accounts.map((account) => [account.id, account]));
    for (const item of connection.items) {
      const account = accounts.get(item.accountId);
      if (!account) continue; // main lists every account of its items; a row without one could not act
      const row: AttentionRow = {
        key: rowKey(connection.connectionId, account.id, item.token.name),
        connection,
        account,
        item,
      };
      byKey.set(row.key, row);
      for (const group of item.groups) lists.get(group)!.push(row);
    }
  }
  return {
    groups: ATTENTION_GROUPS.map((group) => ({ group, rows: lists.get(group)! })).filter((g) => g.rows.length > 0),
    byKey,
    total: byKey.size,
  };
}
