/** The Attention view of the fake bridge: the shared rules over the fake's snapshots, as main runs them. */
import { attentionOf } from '../../src-shared/attention.js';
import type { AttentionReport } from '../../src-shared/ipc/attention.js';
import type { FakeState } from './fake-state.js';

export function fakeAttention(state: FakeState, now = Date.now()): AttentionReport {
  const unusedDays = state.settings.attentionUnusedDays;
  return {
    computedAt: new Date(now).toISOString(),
    unusedDays,
    connections: state.connections.map((connection) => {
      const snapshot = state.snapshots[connection.id] ?? null;
      const found = snapshot
        ? attentionOf(snapshot.accounts, (id) => state.details[id]?.tokens, snapshot.tokenPolicy, { now, unusedDays })
        : { accounts: [], entries: [] };
      return {
        connectionId: connection.id,
        name: connection.name,
        asOf: snapshot?.asOf ?? null,
        link: state.syncStatus[connection.id]?.link.state ?? 'online',
        ownTokenId: connection.tokenId,
        problem: null,
        me: snapshot?.me ?? null,
        tokenPolicy: snapshot?.tokenPolicy ?? null,
        accounts: found.accounts,
        items: found.entries,
      };
    }),
  };
}
