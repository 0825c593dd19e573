import { permissionNames } from '../../../src-shared/permissions.js';
import { meActor } from '../../../src-shared/api/me.js';
import { useId, useState } from 'react';
import type { RequestLogEntry, RequestLogQuery } from '../../../src-shared/api/logs.js';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import { ACCESS, permissionRefusal, SAME_GROUP_LOGS_MESSAGE, sharesGroup } from '../../../src-shared/authz.js';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import type { Column } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PagedTable } from '../../components/PagedTable.js';
import { SelectField } from '../../components/SelectField.js';
import { TimeStamp } from '../../components/time-text.js';
import { useNow } from '../../components/use-now.js';
import { useTouched } from '../../components/use-touched.js';
import { useBundles, useMe } from '../../data/connection-data.js';
import { logsQuery } from '../../data/queries.js';

export type AccountLogsTabProps = { connectionId: string; account: AccountRow; tokens: TokenMeta[] | null };

/** The shared rule's words, so the screen says what the server would (with no bundle in the domain). */
export const LOG_PERMISSION_REASON = permissionRefusal(ACCESS.readLogs);
export const LOG_SAME_GROUP_REASON = SAME_GROUP_LOGS_MESSAGE;

const EXACT = 'exact';
const STATUS_OPTIONS = [
  { value: '', label: 'All' },
  ...['2xx', '3xx', '4xx', '5xx'].map((c) => ({ value: c, label: c })),
  { value: EXACT, label: 'Exact status…' },
];
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

const DASH = <span className="muted">—</span>;

const columns = (now: number): Column<RequestLogEntry>[] => [
  { header: 'Time', width: '190px', narrowWidth: '170px', cell: (entry) => <TimeStamp at={entry.at} now={now} /> },
  { header: 'Token', width: '150px', narrowWidth: '130px', cell: (entry) => entry.tokenName ?? DASH },
  {
    header: 'Method',
    width: '90px',
    cell: (entry) => <code className="mono">{entry.method}</code>,
  },
  {
    header: 'Path',
    className: 'cell-path',
    cell: (entry) => (
      <code className="mono truncate" title={entry.path}>
        {entry.path}
      </code>
    ),
  },
  {
    header: 'Status',
    className: 'cell-status',
    width: '120px',
    cell: (entry) => (
      <>
        <span className={`badge ${statusTone(entry.status)}`}>{entry.status}</span>
        {entry.count > 1 ? <RepeatCount count={entry.count} /> : null}
      </>
    ),
  },
  {
    header: 'Client address',
    width: '140px',
    priority: 'low',
    cell: (entry) => (entry.clientAddress ? <code className="mono">{entry.clientAddress}</code> : DASH),
  },
];

/** Seed 003's Logs tab: the account's API requests, newest first, filtered by token and status. */
export function AccountLogsTab({ connectionId, account, tokens }: AccountLogsTabProps) {
  const me = useMe();
  // The ways to log.read: the roles, and the domain's bundles that carry it.
  const bundles = useBundles();
  const reason = !me
    ? null
    : !permissionNames(me.permissions).includes('log.read')
      ? permissionRefusal(ACCESS.readLogs, bundles)
      : !sharesGroup(meActor(me), account.groups)
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
  const exactId = useId();
  const [token, setToken] = useState('');
  const [statusChoice, setStatusChoice] = useState('');
  const [exact, setExact] = useState('');
  const exactValid = /^[1-5]\d\d$/.test(exact);
  // Judged once the field was changed and left (useTouched): "4" on the way to "404" is no mistake.
  const touch = useTouched<'exact'>();
  const exactWrong = exact !== '' && !exactValid && touch.shows('exact');
  const status = statusChoice === EXACT ? (exactValid ? exact : '') : statusChoice;
  const query: RequestLogQuery = {
    limit: PAGE_SIZE,
    ...(token ? { tokenId: token } : {}),
    ...(status ? { status } : {}),
  };

  return (
    <div className="logs-tab">
      <div className="filters" role="group" aria-label="Log filters">
        <SelectField
          label="Token"
          value={token}
          onChange={setToken}
          options={[{ value: '', label: 'All tokens' }, ...(tokens ?? []).map((t) => ({ value: t.id, label: t.name }))]}
        />
        <SelectField label="Status" value={statusChoice} onChange={setStatusChoice} options={STATUS_OPTIONS} />
        {statusChoice === EXACT ? (
          <div className={`field field--inline${exactWrong ? ' field--invalid' : ''}`}>
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
              aria-invalid={exactWrong ? true : undefined}
              aria-describedby={exactWrong ? `${exactId}-error` : undefined}
              onChange={(e) => {
                setExact(e.target.value.trim());
                touch.change('exact');
              }}
              onBlur={touch.blurOf('exact')}
            />
            {exactWrong ? (
              <p id={`${exactId}-error`} className="field__error">
                Use a status such as 404.
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
      <PagedTable
        query={logsQuery(connectionId, account.id, query)}
        what="requests"
        errorPrefix="Could not load the request log:"
        loadingText="Loading requests…"
        label="Requests"
        narrowBelow={900}
        className="table--logs"
        columns={columns(now)}
        rowKey={(entry) => entry.id}
        empty={
          <EmptyState title="No requests yet">
            <p>
              {token || status
                ? 'No request matches these filters.'
                : 'Requests made with this account’s tokens show up here.'}
            </p>
          </EmptyState>
        }
      />
    </div>
  );
}
