import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { appErrorOf } from '../../bridge.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { useNow } from '../../components/use-now.js';
import { attentionQuery } from '../../data/queries.js';
import type { BulkAction, BulkTarget } from '../bulk/bulk-plan.js';
import { BulkBar } from '../bulk/BulkBar.js';
import { BulkDialog } from '../bulk/BulkDialog.js';
import { plural } from '../bulk/bulk-words.js';
import { ScanFolderDialog } from '../leak-scan/ScanFolderDialog.js';
import { ExportDialog } from '../export/ExportDialog.js';
import { attentionRows, type AttentionRow } from './attention-rows.js';
import { AttentionGroupSection } from './AttentionGroupSection.js';
import { ConnectionParts } from './ConnectionParts.js';
import { clickRow, keepListed, NO_SELECTION, toggleAll, type Selection } from './selection.js';

const toTarget = (row: AttentionRow): BulkTarget => ({
  key: row.key,
  connection: row.connection,
  account: row.account,
  token: row.item.token,
});

/**
 * What needs attention across every connection, from main's encrypted caches: it works offline, where
 * it is read-only. Rows can be selected (shift-click for a range, a group at once) for a bulk change.
 */
export function AttentionScreen() {
  const query = useQuery(attentionQuery());
  const now = useNow(60_000);
  const report = query.data;
  const rows = useMemo(() => (report ? attentionRows(report) : null), [report]);
  const [picked, setPicked] = useState<Selection>(NO_SELECTION);
  const [scanning, setScanning] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [bulk, setBulk] = useState<{ action: BulkAction['kind']; targets: BulkTarget[] } | null>(null);
  // A token fixed elsewhere (or by the bulk change) leaves the selection with its row.
  const selection = rows ? keepListed(picked, rows.byKey) : picked;

  const counts = useMemo(() => {
    const byConnection = new Map<string, number>();
    for (const row of rows?.byKey.values() ?? []) {
      const id = row.connection.connectionId;
      byConnection.set(id, (byConnection.get(id) ?? 0) + 1);
    }
    return byConnection;
  }, [rows]);

  const selectedRows = [...selection.keys].flatMap((key) => rows?.byKey.get(key) ?? []);
  const online = selectedRows.some((row) => row.connection.link === 'online');
  const several = (report?.connections.length ?? 0) > 1;

  return (
    <div className="screen">
      <ScreenHeader
        title="Attention"
        subtitle="What needs a look across every server, from the data TokenDesk keeps on this computer, so it works offline too (read-only until the server is back)."
      >
        <div className="screen__actions screen__actions--row">
          <button type="button" className="button" onClick={() => setExporting(true)}>
            Export…
          </button>
          <button type="button" className="button" onClick={() => setScanning(true)}>
            Scan a folder…
          </button>
        </div>
      </ScreenHeader>
      {query.error ? <ErrorMessage error={appErrorOf(query.error)} prefix="Could not read the saved data:" /> : null}
      {report ? <ConnectionParts connections={report.connections} counts={counts} now={now} /> : null}
      {report && report.connections.length === 0 ? (
        <EmptyState title="No connections yet">
          <p>Add a connection to a TokenDesk server, and its tokens that need attention show here.</p>
        </EmptyState>
      ) : rows && rows.total === 0 ? (
        <EmptyState title="Nothing needs your attention">
          <p>No token is expiring soon, unused, leaked, or outside its domain&apos;s policy.</p>
        </EmptyState>
      ) : null}
      {rows && report
        ? rows.groups.map(({ group, rows: list }) => (
            <AttentionGroupSection
              key={group}
              group={group}
              rows={list}
              unusedDays={report.unusedDays}
              now={now}
              showConnection={several}
              selected={selection.keys}
              onClick={(row, shift) =>
                setPicked(clickRow(selection, { id: group, keys: list.map((r) => r.key) }, row.key, shift))
              }
              onSelectAll={() =>
                setPicked(
                  toggleAll(
                    selection,
                    list.map((r) => r.key),
                  ),
                )
              }
            />
          ))
        : null}
      {selectedRows.length > 0 ? (
        <BulkBar
          label={`${plural(selectedRows.length, 'token')} selected`}
          blockedReason={
            online
              ? null
              : 'The servers of these tokens cannot be reached now: the view is read-only until they are back.'
          }
          onAction={(action) => setBulk({ action, targets: selectedRows.map(toTarget) })}
          onClear={() => setPicked(NO_SELECTION)}
        />
      ) : null}
      {exporting ? <ExportDialog connection={null} attentionOnly onClose={() => setExporting(false)} /> : null}
      {scanning ? <ScanFolderDialog onClose={() => setScanning(false)} /> : null}
      {bulk ? <BulkDialog action={bulk.action} targets={bulk.targets} now={now} onClose={() => setBulk(null)} /> : null}
    </div>
  );
}
