import { useId, useState } from 'react';
import type { RequestLogQuery } from '../../../src-shared/api/logs.js';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import { sharesGroup } from '../../../src-shared/authz.js';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useNow } from '../../components/use-now.js';
import { formatExact, formatRelative } from '../../lib/time-format.js';
import { useMe } from '../../data/connection-data.js';
import { logsQuery } from '../../data/queries.js';
import { CacheNotice } from './CacheNotice.js';
import { usePagedList } from './use-paged-list.js';

export type AccountLogsTabProps = { connectionId: string; account: AccountRow; tokens: TokenMeta[] | null };

export const LOG_PERMISSION_REASON = 'Your roles do not allow you to read request logs (it needs log.read).';
export const LOG_SAME_GROUP_REASON = 'You must be in the same group as this service account to view its request logs';

const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;
const EXACT = 'exact';
const PAGE_SIZE = 50;

/** 2xx green, 3xx blue, 4xx amber, 5xx red. */
function statusTone(status: number): string {
  if (status >= 500) return 'badge--danger';
  if (status >= 400) return 'badge--warn';
  if (status >= 300) return 'badge--info';
  return 'badge--ok';
}

/**
 * The server counts a token's refused requests with one status in one second in one row, so a flood
 * of them shows as one line with "×N" rather than pushing everything else out of the log.
 */
function RepeatCount({ count }: { count: number }) {
  const times = count.toLocaleString('en-US');
  return (
    <span className="log-count" title={`${times} requests with this status in this second`}>
      ×{times}
    </span>
  );
}

/** Seed 003's Logs tab: the account's API requests, newest first, filtered by token and status. */
export function AccountLogsTab({ connectionId, account, tokens }: AccountLogsTabProps) {
  const me = useMe();
  const reason = !me
    ? null
    : !me.permissions.includes('log.read')
      ? LOG_PERMISSION_REASON
      : !sharesGroup(me, account.groups)
        ? LOG_SAME_GROUP_REASON
        : null;
  if (reason) {
    return (
      <p className="blocked-reason" role="note">
        {reason}
      </p>
    );
  }
  return <LogsTable connectionId={connectionId} account={account} tokens={tokens} />;
}

function LogsTable({ connectionId, account, tokens }: AccountLogsTabProps) {
  const now = useNow(30_000);
  const tokenId = useId();
  const statusId = useId();
  const exactId = useId();
  const [token, setToken] = useState('');
  const [statusChoice, setStatusChoice] = useState('');
  const [exact, setExact] = useState('');
  const exactValid = /^[1-5]\d\d$/.test(exact);
  const status = statusChoice === EXACT ? (exactValid ? exact : '') : statusChoice;
  const query: RequestLogQuery = {
    limit: PAGE_SIZE,
    ...(token ? { tokenId: token } : {}),
    ...(status ? { status } : {}),
  };
  const list = usePagedList(logsQuery(connectionId, account.id, query));

  return (
    <div className="logs-tab">
      <div className="filters" role="group" aria-label="Log filters">
        <div className="field field--inline">
          <label htmlFor={tokenId} className="field__label">
            Token
          </label>
          <select id={tokenId} className="select" value={token} onChange={(e) => setToken(e.target.value)}>
            <option value="">All tokens</option>
            {(tokens ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor={statusId} className="field__label">
            Status
          </label>
          <select
            id={statusId}
            className="select"
            value={statusChoice}
            onChange={(e) => setStatusChoice(e.target.value)}
          >
            <option value="">All</option>
            {STATUS_CLASSES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
            <option value={EXACT}>Exact status…</option>
          </select>
        </div>
        {statusChoice === EXACT ? (
          <div className={`field field--inline${exact && !exactValid ? ' field--invalid' : ''}`}>
            <label htmlFor={exactId} className="field__label">
              Exact status
            </label>
            <input
              id={exactId}
              className="input input--small"
              inputMode="numeric"
              maxLength={3}
              placeholder="404"
              value={exact}
              aria-invalid={exact && !exactValid ? true : undefined}
              onChange={(e) => setExact(e.target.value.trim())}
            />
            {exact && !exactValid ? <p className="field__error">Use a status such as 404.</p> : null}
          </div>
        ) : null}
      </div>
      {list.fromCache && list.asOf ? <CacheNotice what="requests" asOf={list.asOf} /> : null}
      {list.error ? <ErrorMessage error={list.error} prefix="Could not load the request log:" /> : null}
      {list.items === null ? (
        <p className="muted">Loading requests…</p>
      ) : list.items.length === 0 ? (
        list.error ? null : (
          <EmptyState title="No requests yet">
            <p>
              {token || status
                ? 'No request matches these filters.'
                : 'Requests made with this account’s tokens show up here.'}
            </p>
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table className="table table--logs" aria-label="Requests">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Token</th>
                <th scope="col">Method</th>
                <th scope="col">Path</th>
                <th scope="col">Status</th>
                <th scope="col">Client address</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <span className="cell-time">
                      <span>{formatExact(entry.at)}</span>
                      <span className="muted small">{formatRelative(entry.at, now)}</span>
                    </span>
                  </td>
                  <td>{entry.tokenName ?? <span className="muted">—</span>}</td>
                  <td>
                    <code className="mono">{entry.method}</code>
                  </td>
                  <td className="cell-path">
                    <code className="mono truncate" title={entry.path}>
                      {entry.path}
                    </code>
                  </td>
                  <td className="cell-status">
                    <span className={`badge ${statusTone(entry.status)}`}>{entry.status}</span>
                    {entry.count > 1 ? <RepeatCount count={entry.count} /> : null}
                  </td>
                  <td>
                    {entry.clientAddress ? (
                      <code className="mono">{entry.clientAddress}</code>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.nextCursor ? (
        <button type="button" className="button load-more" disabled={list.loading} onClick={list.loadMore}>
          {list.loading ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </div>
  );
}
