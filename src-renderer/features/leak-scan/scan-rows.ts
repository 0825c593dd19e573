import type { LookupResults } from '../../../src-shared/api/leaks.js';
import type { LeakScanReport, ScanFinding } from '../../../src-shared/ipc/leak-scan.js';

type LookupItem = LookupResults['items'][number];

/** What one connection knows of a token found: its state, and whose token it is. */
export interface ScanMatch {
  connectionId: string;
  connectionName: string;
  item: LookupItem;
}

export interface ScanRow {
  key: string;
  finding: ScanFinding;
  /** Every connection that knows the token (any state but `unknown`). */
  matches: ScanMatch[];
}

/** The findings with what each connection said of them, live ones first. */
export function scanRows(report: LeakScanReport): ScanRow[] {
  const known = new Map<string, ScanMatch[]>();
  for (const lookup of report.lookups) {
    for (const item of lookup.items) {
      if (item.state === 'unknown') continue;
      const list = known.get(item.digest) ?? [];
      list.push({ connectionId: lookup.connectionId, connectionName: lookup.name, item });
      known.set(item.digest, list);
    }
  }
  const rows = report.findings.map((finding) => ({
    key: `${finding.file}:${finding.line}:${finding.column}`,
    finding,
    matches: known.get(finding.digest) ?? [],
  }));
  const live = (row: ScanRow) => (row.matches.some((m) => m.item.state === 'live') ? 0 : 1);
  return rows.sort((a, b) => live(a) - live(b));
}

/** The path the audit records as the revoke's source: the folder and the file. */
export function sourceOf(report: Pick<LeakScanReport, 'root'>, finding: Pick<ScanFinding, 'file'>): string {
  const separator = report.root.includes('\\') && !report.root.includes('/') ? '\\' : '/';
  return `${report.root.replace(/[\\/]+$/, '')}${separator}${finding.file}`;
}
