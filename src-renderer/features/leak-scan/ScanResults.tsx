import { useState } from 'react';
import type { LeakScanReport } from '../../../src-shared/ipc/leak-scan.js';
import { appErrorOf, request } from '../../bridge.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { scanRows, sourceOf, type ScanMatch, type ScanRow } from './scan-rows.js';

const STATE_WORDS = { live: 'Live', revoked: 'Revoked', deleted: 'Deleted', unknown: 'Not known' } as const;

/** A revoke's state per digest and connection: running, done, or failed with the server's words. */
type Revoking = Record<string, { kind: 'running' } | { kind: 'done' } | { kind: 'failed'; message: string }>;

/** What the scan found: where each token is, its hint, what each server says, and Revoke for live ones. */
export function ScanResults({ report }: { report: LeakScanReport }) {
  const [revoking, setRevoking] = useState<Revoking>({});
  const rows = scanRows(report);
  const keyOf = (row: ScanRow, match: ScanMatch) => `${match.connectionId}\u0000${row.finding.digest}`;

  const revoke = async (row: ScanRow, match: ScanMatch) => {
    const key = keyOf(row, match);
    setRevoking((state) => ({ ...state, [key]: { kind: 'running' } }));
    try {
      await request((bridge) =>
        bridge.leakScan.revoke({
          connectionId: match.connectionId,
          digests: [row.finding.digest],
          source: sourceOf(report, row.finding),
        }),
      );
      setRevoking((state) => ({ ...state, [key]: { kind: 'done' } }));
    } catch (error) {
      setRevoking((state) => ({ ...state, [key]: { kind: 'failed', message: appErrorOf(error).message } }));
    }
  };

  const columns: Column<ScanRow>[] = [
    {
      header: 'Where',
      rowHeader: true,
      className: 'cell-name',
      cell: (row) => (
        <span className="mono small scan__file">
          {row.finding.file}:{row.finding.line}:{row.finding.column}
        </span>
      ),
    },
    { header: 'Token', width: '150px', cell: (row) => <span className="mono small">{row.finding.hint}</span> },
    {
      header: 'What your servers say',
      width: '45%',
      cell: (row) =>
        row.matches.length === 0 ? (
          <span className="muted small">Not a token of your servers, or one you do not manage.</span>
        ) : (
          <ul className="scan__matches">
            {row.matches.map((match) => {
              const state = revoking[keyOf(row, match)];
              const live = match.item.state === 'live' && state?.kind !== 'done';
              return (
                <li key={match.connectionId} className="scan__match">
                  <span>
                    <span className={`badge ${live ? 'badge--danger' : 'badge--muted'}`}>
                      {state?.kind === 'done' ? 'Revoked now' : STATE_WORDS[match.item.state]}
                    </span>{' '}
                    <span className="small">
                      {match.item.token?.name ?? 'a token'}
                      {match.item.accountName ? ` of ${match.item.accountName}` : ''} on {match.connectionName}
                    </span>
                  </span>
                  {live ? (
                    <button
                      type="button"
                      className="button button--small button--danger-ghost"
                      disabled={state?.kind === 'running'}
                      onClick={() => void revoke(row, match)}
                    >
                      {state?.kind === 'running' ? 'Revoking…' : 'Revoke'}
                    </button>
                  ) : null}
                  {state?.kind === 'failed' ? <span className="small scan__failed">{state.message}</span> : null}
                </li>
              );
            })}
          </ul>
        ),
    },
  ];

  return (
    <>
      {report.lookups
        .filter((lookup) => lookup.problem !== null)
        .map((lookup) => (
          <p key={lookup.connectionId} className="notice notice--warn">
            Could not ask {lookup.name}: {lookup.problem}
          </p>
        ))}
      <div className="scan__results">
        <DataTable
          label="Tokens found"
          className="table--scan"
          columns={columns}
          rows={rows}
          rowKey={(row) => row.key}
          empty={null}
          narrowBelow={640}
        />
      </div>
    </>
  );
}
