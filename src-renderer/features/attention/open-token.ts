import { openConnection } from '../../data/open-connection.js';
import { useAppStore } from '../../store/app-store.js';

/** Shows a token where it lives: its connection (opened first if another is shown), its account's Tokens tab. */
export function openToken(connectionId: string, accountId: string): void {
  if (useAppStore.getState().selectedConnectionId !== connectionId) openConnection(connectionId);
  useAppStore.getState().navigate({ name: 'account', accountId, tab: 'tokens' });
}
