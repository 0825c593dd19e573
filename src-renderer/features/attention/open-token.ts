import type { NoticeTarget } from '../../../src-shared/ipc/attention.js';
import { openConnection } from '../../data/open-connection.js';
import { useAppStore } from '../../store/app-store.js';

/** Shows a token where it lives: its connection (opened first if another is shown), its account's Tokens tab. */
export function openToken(connectionId: string, accountId: string): void {
  if (useAppStore.getState().selectedConnectionId !== connectionId) openConnection(connectionId);
  useAppStore.getState().navigate({ name: 'account', accountId, tab: 'tokens' });
}

/** A token notification was clicked: its token, or the Attention view when it told of several. */
export function openNotice(target: NoticeTarget | null): void {
  if (target === null) useAppStore.getState().navigate({ name: 'attention' });
  else if (target.accountId === null) {
    if (useAppStore.getState().selectedConnectionId !== target.connectionId) openConnection(target.connectionId);
    useAppStore.getState().navigate({ name: 'personalTokens' });
  } else openToken(target.connectionId, target.accountId);
}
