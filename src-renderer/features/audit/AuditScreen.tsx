import { Fragment, useId, useState } from 'react';
import type { AuditQuery } from '../../../src-shared/api/directory.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useNow } from '../../components/use-now.js';
import { formatExact, formatRelative } from '../../lib/time-format.js';
import { useMe, useSelectedConnectionId, useSnapshot } from '../../data/connection-data.js';
import { auditQuery } from '../../data/queries.js';
import { CacheNotice } from '../logs/CacheNotice.js';
import { usePagedList } from '../logs/use-paged-list.js';
import { AuditDiff } from './AuditDiff.js';

export const AUDIT_PERMISSION_REASON = 'Your roles do not allow you to read the audit log (it needs audit.read).';

export const RESOURCE_TYPES = [
  { id: 'service_account', label: 'Service account' },
  { id: 'token', label: 'Token' },
  { id: 'personal_token', label: 'Personal token' },
  { id: 'member', label: 'Member' },
  { id: 'group', label: 'Group' },
] as const;

const PAGE_SIZE = 50;
const NONE: readonly never[] = [];

function typeLabel(type: string): string {
  return RESOURCE_TYPES.find((t) => t.id === type)?.label ?? type;
}

/** Who did what to which resource, newest first, with each change's before and after (needs audit.read). */
export function AuditScreen() {
  const connectionId = useSelectedConnectionId();
  const mayRead = useMe()?.permissions.includes('audit.read') ?? false;
  return (
    <div className="screen">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">Audit</h1>
          <p className="screen__subtitle">Every change made in this domain: who made it, when, and what it changed.</p>
        </div>
      </div>
      {mayRead && connectionId !== null ? (
        <AuditList connectionId={connectionId} />
      ) : (
        <p className="blocked-reason" role="note">
          {AUDIT_PERMISSION_REASON}
        </p>
      )}
    </div>
  );
}

function AuditList({ connectionId }: { connectionId: string }) {
  const snapshot = useSnapshot().data;
  const members = snapshot?.members ?? NONE;
  const myName = snapshot?.me.name ?? '';
  const now = useNow(30_000);
  const actorId = useId();
  const typeId = useId();
  const [actor, setActor] = useState('');
  const [resourceType, setResourceType] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const actors = [...new Set([myName, ...members.map((m) => m.name)].filter(Boolean))].sort();
  const query: AuditQuery = {
    limit: PAGE_SIZE,
    ...(actor ? { actor } : {}),
    ...(resourceType ? { resourceType } : {}),
  };
  const list = usePagedList(auditQuery(connectionId, query));

  function toggle(id: string) {
    setExpanded((was) => {
      const next = new Set(was);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <>
      <div className="filters" role="group" aria-label="Audit filters">
        <div className="field field--inline">
          <label htmlFor={actorId} className="field__label">
            Actor
          </label>
          <select id={actorId} className="select" value={actor} onChange={(e) => setActor(e.target.value)}>
            <option value="">All actors</option>
            {actors.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor={typeId} className="field__label">
            Resource type
          </label>
          <select id={typeId} className="select" value={resourceType} onChange={(e) => setResourceType(e.target.value)}>
            <option value="">All types</option>
            {RESOURCE_TYPES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {list.fromCache && list.asOf ? <CacheNotice what="events" asOf={list.asOf} /> : null}
      {list.error ? <ErrorMessage error={list.error} prefix="Could not load the audit log:" /> : null}
      {list.items === null ? (
        <p className="muted">Loading audit events…</p>
      ) : list.items.length === 0 ? (
        list.error ? null : (
          <EmptyState title="No audit events" />
        )
      ) : (
        <div className="table-wrap">
          <table className="table table--audit" aria-label="Audit events">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Resource</th>
                <th scope="col">
                  <span className="visually-hidden">Changes</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((event) => {
                const open = expanded.has(event.id);
                return (
                  <Fragment key={event.id}>
                    <tr>
                      <td>
                        <span className="cell-time">
                          <span>{formatExact(event.at)}</span>
                          <span className="muted small">{formatRelative(event.at, now)}</span>
                        </span>
                      </td>
                      <td className="strong">{event.actor}</td>
                      <td>
                        <code className="mono">{event.action}</code>
                      </td>
                      <td>
                        <span className="badge badge--muted">{typeLabel(event.resourceType)}</span> {event.resourceName}
                      </td>
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button button--small"
                          aria-expanded={open}
                          aria-label={`${open ? 'Hide' : 'Show'} changes of ${event.action} ${event.resourceName}`}
                          onClick={() => toggle(event.id)}
                        >
                          {open ? 'Hide changes' : 'Changes'}
                        </button>
                      </td>
                    </tr>
                    {open ? (
                      <tr className="audit-row__detail">
                        <td colSpan={5}>
                          <AuditDiff event={event} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {list.nextCursor ? (
        <button type="button" className="button load-more" disabled={list.loading} onClick={list.loadMore}>
          {list.loading ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </>
  );
}
