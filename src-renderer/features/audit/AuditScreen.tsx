import { permissionNames } from '../../../src-shared/permissions.js';
import { useState } from 'react';
import { ACCESS, permissionRefusal } from '../../../src-shared/authz.js';
import type { AuditEvent, AuditQuery } from '../../../src-shared/api/directory.js';
import type { Column } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PagedTable } from '../../components/PagedTable.js';
import { SelectField } from '../../components/SelectField.js';
import { TimeStamp } from '../../components/time-text.js';
import { useNow } from '../../components/use-now.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { useBundles, useMe, useSelectedConnectionId, useSnapshot } from '../../data/connection-data.js';
import { auditQuery } from '../../data/queries.js';
import { AuditDiff } from './AuditDiff.js';

/** The shared rule's words, so the screen says what the server would (with no bundle in the domain). */
export const AUDIT_PERMISSION_REASON = permissionRefusal(ACCESS.readAudit);

export const RESOURCE_TYPES = [
  { id: 'service_account', label: 'Service account' },
  { id: 'token', label: 'Token' },
  { id: 'personal_token', label: 'Personal token' },
  { id: 'member', label: 'Member' },
  { id: 'group', label: 'Group' },
] as const;

const TYPE_OPTIONS = [
  { value: '', label: 'All types' },
  ...RESOURCE_TYPES.map((t) => ({ value: t.id, label: t.label })),
];

const PAGE_SIZE = 50;
const NONE: readonly never[] = [];

function typeLabel(type: string): string {
  return RESOURCE_TYPES.find((t) => t.id === type)?.label ?? type;
}

const columns = (now: number): Column<AuditEvent>[] => [
  { header: 'Time', width: '190px', narrowWidth: '170px', cell: (event) => <TimeStamp at={event.at} now={now} /> },
  { header: 'Actor', className: 'strong', cell: (event) => event.actor },
  { header: 'Action', cell: (event) => <code className="mono">{event.action}</code> },
  {
    header: 'Resource',
    cell: (event) => (
      <>
        <span className="badge badge--muted">{typeLabel(event.resourceType)}</span> {event.resourceName}
      </>
    ),
  },
];

/** Who did what to which resource, newest first, with each change's before and after (needs audit.read). */
export function AuditScreen() {
  const connectionId = useSelectedConnectionId();
  const mayRead = permissionNames(useMe()?.permissions ?? []).includes('audit.read') ?? false;
  // The ways to audit.read: the roles, and the domain's bundles that carry it.
  const bundles = useBundles();
  return (
    <div className="screen">
      <ScreenHeader
        title="Audit"
        subtitle="Every change made in this domain: who made it, when, and what it changed."
      />
      {mayRead && connectionId !== null ? (
        <AuditList connectionId={connectionId} />
      ) : (
        <p className="blocked-reason" role="note">
          {permissionRefusal(ACCESS.readAudit, bundles)}
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
  const [actor, setActor] = useState('');
  const [resourceType, setResourceType] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const actors = [...new Set([myName, ...members.map((m) => m.name)].filter(Boolean))].sort();
  const query: AuditQuery = {
    limit: PAGE_SIZE,
    ...(actor ? { actor } : {}),
    ...(resourceType ? { resourceType } : {}),
  };

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
        <SelectField
          label="Actor"
          value={actor}
          onChange={setActor}
          options={[{ value: '', label: 'All actors' }, ...actors.map((name) => ({ value: name, label: name }))]}
        />
        <SelectField label="Resource type" value={resourceType} onChange={setResourceType} options={TYPE_OPTIONS} />
      </div>
      <PagedTable
        query={auditQuery(connectionId, query)}
        what="events"
        errorPrefix="Could not load the audit log:"
        loadingText="Loading audit events…"
        label="Audit events"
        narrowBelow={900}
        className="table--audit"
        columns={columns(now)}
        rowKey={(event) => event.id}
        empty={<EmptyState title="No audit events" />}
        actions={{
          header: 'Changes',
          width: '140px',
          narrowWidth: '130px',
          cell: (event) => {
            const open = expanded.has(event.id);
            return (
              <button
                type="button"
                className="button button--small"
                aria-expanded={open}
                aria-label={`${open ? 'Hide' : 'Show'} changes of ${event.action} ${event.resourceName}`}
                onClick={() => toggle(event.id)}
              >
                {open ? 'Hide changes' : 'Changes'}
              </button>
            );
          },
        }}
        details={{ kind: 'panel', content: (event) => (expanded.has(event.id) ? <AuditDiff event={event} /> : null) }}
      />
    </>
  );
}
