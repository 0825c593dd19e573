import { ACCESS } from '../../authz.js';
import { AuditPage, AuditQuery } from '../directory.js';
import { RequestLogPage, RequestLogQuery } from '../logs.js';
import { DomainAccountParams, DomainParams } from '../params.js';
import { API_PREFIX, type RouteContract } from '../route-contract.js';

/** What happened: a service account's request log (the account's Logs tab) and the domain's audit trail. */
export const activityRoutes = {
  listRequestLogs: {
    method: 'GET',
    path: `${API_PREFIX}/domains/{domain}/service-accounts/{id}/logs`,
    summary: 'A service account’s request log, newest first (log.read and a shared group)',
    description:
      'Pages follow `nextCursor` until it is null. `status` takes an exact status (`404`) or a class ' +
      '(`4xx`). `tokenName` is null once the token is deleted. Rows are kept for a limited age and count ' +
      'per account (server flags `--log-retention-days`, `--log-retention-count`).',
    access: ACCESS.readLogs,
    params: DomainAccountParams,
    query: RequestLogQuery,
    response: { status: 200, name: 'RequestLogPage', schema: RequestLogPage, description: 'One page of requests.' },
  },
  listAuditEvents: {
    method: 'GET',
    path: `${API_PREFIX}/domains/{domain}/audit`,
    summary: 'The audit trail of a domain, newest first, filtered by actor, resource type or action (audit.read)',
    description:
      'Pages follow `nextCursor` until it is null; a cursor is only valid with the same filters. Outside the ' +
      'Admin role, events about a service account or its tokens are listed only when the caller shares a group ' +
      'with the account, personal-token events only for the caller’s own tokens, and the caller’s own events always.',
    access: ACCESS.readAudit,
    params: DomainParams,
    query: AuditQuery,
    response: { status: 200, name: 'AuditPage', schema: AuditPage, description: 'One page of audit events.' },
  },
} as const satisfies Record<string, RouteContract>;
