import { useCallback, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { appErrorOf } from '../../bridge.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useNow } from '../../components/use-now.js';
import { useSelectedConnection, useSelectedSyncStatus, useSnapshot } from '../../data/connection-data.js';
import { clickRow, keepListed, NO_SELECTION, toggleAll, type Selection } from '../attention/selection.js';
import { accountTargets } from '../bulk/account-targets.js';
import type { BulkAction, BulkTarget } from '../bulk/bulk-plan.js';
import { BulkBar } from '../bulk/BulkBar.js';
import { BulkDialog } from '../bulk/BulkDialog.js';

/**
 * Picking accounts in the list for a bulk change of all their tokens: a click, a shift-click range,
 * or every account of the result; the bar under the list, and the change's dialog (dry run first).
 * `onSelect` stays the same function for the list's life, so picking one row renders that row alone.
 */
export function useAccountSelection(
  accounts: readonly AccountRow[],
  visible: readonly AccountRow[],
): {
  selected: ReadonlySet<string>;
  onSelect: (id: string, shift: boolean) => void;
  onSelectAll: () => void;
  bar: ReactNode;
} {
  const [picked, setPicked] = useState<Selection>(NO_SELECTION);
  const [bulk, setBulk] = useState<{ action: BulkAction['kind']; targets: BulkTarget[] } | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const connection = useSelectedConnection();
  const snapshot = useSnapshot().data ?? null;
  const status = useSelectedSyncStatus();
  const now = useNow(60_000);
  const byId = useMemo(() => new Map(accounts.map((a) => [a.id, a])), [accounts]);
  // An account deleted meanwhile leaves the selection.
  const selection = keepListed(picked, byId);
  const list = useMemo(() => ({ id: 'accounts', keys: visible.map((a) => a.id) }), [visible]);
  const latest = useRef({ selection, list });
  useLayoutEffect(() => {
    latest.current = { selection, list };
  });
  const onSelect = useCallback((id: string, shift: boolean) => {
    setPicked(clickRow(latest.current.selection, latest.current.list, id, shift));
  }, []);
  const onSelectAll = useCallback(() => setPicked(toggleAll(latest.current.selection, latest.current.list.keys)), []);

  const count = selection.keys.size;
  const start = async (action: BulkAction['kind']) => {
    if (!connection || !snapshot) return;
    setFailed(null);
    try {
      const chosen = [...selection.keys].flatMap((id) => byId.get(id) ?? []);
      setBulk({ action, targets: await accountTargets(connection, snapshot, status, chosen) });
    } catch (error) {
      setFailed(error);
    }
  };
  const bar =
    count === 0 ? null : (
      <>
        {failed ? <ErrorMessage error={appErrorOf(failed)} prefix="Could not read their tokens:" /> : null}
        <BulkBar
          label={`${count.toLocaleString('en')} ${count === 1 ? 'account' : 'accounts'} selected: changes apply to all their tokens`}
          blockedReason={
            status?.link.state === 'online'
              ? null
              : 'The server cannot be reached now: nothing can change until it is back.'
          }
          onAction={(action) => void start(action)}
          onClear={() => setPicked(NO_SELECTION)}
        />
        {bulk ? (
          <BulkDialog action={bulk.action} targets={bulk.targets} now={now} onClose={() => setBulk(null)} />
        ) : null}
      </>
    );
  return { selected: selection.keys, onSelect, onSelectAll, bar };
}
