/** The Attention view of the fake bridge: the shared rules over the fake's snapshots, as main runs them. */
import { attentionOf } from '../../src-shared/attention.js';
import type { AttentionReport } from '../../src-shared/ipc/attention.js';
import type { FakeState } from './fake-state.js';

export function fakeAttention(state: FakeState, now = Date.now()): AttentionReport {
  const unusedDays = state.settings.attentionUnusedDays;
  const report: AttentionReport = {
    computedAt: new Date(now).toISOString(),
    unusedDays,
    connections: [],
    accounts: [],
    items: [],
  };
  for (const connection of state.connections) {
    const snapshot = state.snapshots[connection.id] ?? null;
    report.connections.push({
      connectionId: connection.id,
      name: connection.name,
      asOf: snapshot?.asOf ?? null,
      link: state.syncStatus[connection.id]?.link.state ?? 'online',
      ownTokenId: connection.tokenId,
      problem: null,
    });
    if (!snapshot) continue;
    const entries = attentionOf(snapshot.accounts, (id) => state.details[id]?.tokens, snapshot.tokenPolicy, {
      now,
      unusedDays,
    });
    const seen = new Set<string>();
    for (const { account, token, groups, policy } of entries) {
      if (!seen.has(account.id)) report.accounts.push({ ...account, connectionId: connection.id });
      seen.add(account.id);
      report.items.push({ connectionId: connection.id, accountId: account.id, token, groups, policy });
    }
  }
  return report;
}
