import type { AuditEvent } from '../../src-shared/api/directory.js';
import type { Sql } from '../db/sql.js';
import { isoOf, type Clock } from '../store/time.js';
import { auditPage } from './audit-query.js';
import { redactSecrets } from './redact.js';

export interface AuditEntry {
  domainId: string;
  actorId: string | null;
  /** The member's name, as the API shows it. */
  actorName: string;
  /** `<resource>.<verb>`, e.g. `service_account.update`. */
  action: string;
  resourceType: string;
  resourceId: string;
  resourceName: string;
  /**
   * The member the event is about, for the audit list's same-group filter: the service account of an
   * account or token event, the owner of a personal token, the person of a member event; null otherwise.
   */
  subjectId: string | null;
  /** The resource's fields before the change (null on create) and after it (null on delete). */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  clientAddress?: string | null;
}

/**
 * The audit trail. `record` joins the caller's transaction (call it inside the change's own
 * transaction), so a change and its audit row are committed together or not at all.
 */
export class AuditLog {
  private readonly sql: Sql;
  private readonly clock: Clock;

  constructor(sql: Sql, clock: Clock) {
    this.sql = sql;
    this.clock = clock;
  }

  async record(entry: AuditEntry): Promise<void> {
    const details = JSON.stringify({ before: redactSecrets(entry.before), after: redactSecrets(entry.after) });
    await this.sql.run(
      `INSERT INTO audit_events (domain_id, at, actor_id, actor_name, action, target_type, target_id, target_name,
         details, client_address, subject_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        entry.domainId,
        isoOf(this.clock()),
        entry.actorId,
        entry.actorName,
        entry.action,
        entry.resourceType,
        entry.resourceId,
        entry.resourceName,
        details,
        entry.clientAddress ?? null,
        entry.subjectId,
      ],
    );
  }

  /** The newest events of a domain first: the first page of the audit list, as an Admin sees it. */
  async list(domainId: string, limit = 100): Promise<AuditEvent[]> {
    return (await auditPage(this.sql, domainId, { limit })).items;
  }
}
