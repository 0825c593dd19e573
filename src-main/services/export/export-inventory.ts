import type { ExportRequest, ExportResult } from '../../../src-shared/ipc/export.js';
import { writeFileAtomic } from '../atomic-file.js';
import { AppFailure } from '../errors.js';
import type { CachedSnapshot } from '../snapshot.js';
import type { SystemDialogs } from '../system-dialogs.js';
import type { AccountTokens } from '../token-index.js';
import { inventoryRows, toCsv, toJson, type InventorySource } from './inventory.js';

export interface ExportSources {
  connections: { list(): readonly { id: string; name: string; url: string; domain: string }[] };
  sync: {
    snapshot(connectionId: string): CachedSnapshot | null;
    tokens(connectionId: string): ReadonlyMap<string, AccountTokens> | null;
  };
  dialogs: Pick<SystemDialogs, 'pickSavePath'>;
}

const FILTERS = {
  csv: [{ name: 'CSV (spreadsheets)', extensions: ['csv'] }],
  json: [{ name: 'JSON', extensions: ['json'] }],
};

/**
 * Export…: the inventory of one connection or all of them (or only what needs attention), from the
 * cache, as CSV or JSON, to where the user says in the system's save dialog. The cache holds no secret,
 * so neither does the file. Answers null when the dialog was cancelled.
 */
export async function exportInventory(
  sources: ExportSources,
  request: ExportRequest,
  options: { now: number; unusedDays: number },
): Promise<ExportResult | null> {
  const picked: InventorySource[] = [];
  for (const connection of sources.connections.list()) {
    if (request.connectionId !== null && connection.id !== request.connectionId) continue;
    const snapshot = sources.sync.snapshot(connection.id);
    const tokens = snapshot && sources.sync.tokens(connection.id);
    if (!snapshot || !tokens) continue;
    picked.push({
      name: connection.name,
      url: connection.url,
      domain: connection.domain,
      asOf: snapshot.asOf,
      accounts: snapshot.accounts,
      tokensOf: (id) => tokens.get(id),
      policy: snapshot.tokenPolicy,
    });
  }
  if (picked.length === 0) {
    throw new AppFailure('not_found', 'There is no saved data to export yet. Sync the connection first.');
  }
  const exportedAt = new Date(options.now).toISOString();
  const day = exportedAt.slice(0, 10);
  const path = await sources.dialogs.pickSavePath({
    title: 'Export the inventory',
    defaultName: `tokendesk-${request.attentionOnly ? 'attention' : 'inventory'}-${day}.${request.format}`,
    filters: FILTERS[request.format],
  });
  if (path === null) return null;
  const rows = picked.flatMap((source) => inventoryRows(source, { ...options, attentionOnly: request.attentionOnly }));
  const header = { sources: picked.map(({ name, url, domain, asOf }) => ({ name, url, domain, asOf })), exportedAt };
  writeFileAtomic(path, request.format === 'csv' ? toCsv(header, rows) : toJson(header, rows));
  return { path, rows: rows.length };
}
