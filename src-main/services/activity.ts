import type { z } from 'zod';
import type { AuditEvent, AuditQuery } from '../../src-shared/api/directory.js';
import type { RequestLogEntry, RequestLogQuery } from '../../src-shared/api/logs.js';
import { ACCESS, canReadLogs, mayCall } from '../../src-shared/authz.js';
import type { ApiTarget } from './api-client.js';
import { endpointOf, type ServiceDeps } from './endpoint.js';
import { gotNoAnswer } from './errors.js';
import type { PageCache } from './page-cache.js';
import type { CachedSnapshot } from './snapshot.js';

export interface ActivityServiceOptions extends ServiceDeps {
  pages: PageCache;
  now?: () => Date;
}

export type LogQueryInput = z.output<typeof RequestLogQuery>;
export type AuditQueryInput = z.output<typeof AuditQuery>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  asOf: string;
  fromCache: boolean;
}

/** Keys of the cached first pages. */
const AUDIT_KEY = 'audit';
const LOGS_PREFIX = 'logs:';

/**
 * Request logs and the audit trail: read from the server page by page. The default first page (no
 * cursor, no filter) of each account's log and of the audit trail is kept encrypted, so that offline
 * the last one read is shown, marked `fromCache` with its `asOf`; a filter is then applied to it here.
 * Later pages are never cached: offline, asking for one is the network error.
 */
export class ActivityService {
  readonly #o: ActivityServiceOptions;
  readonly #now: () => Date;

  constructor(options: ActivityServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** A connection removed or pointed elsewhere: its cached pages go with its snapshot. */
  forget(connectionId: string): void {
    try {
      this.#o.pages.drop(connectionId);
    } catch {
      // A file that cannot be removed now is overwritten by the next first page read.
    }
  }

  /**
   * Drops the cached pages the user may no longer read, so offline they are not shown either. After
   * a change of rights (`accessChanged`), or with no snapshot to check against, nothing is kept: which
   * audit entries a caller sees depends on their groups, so a page read under the old rights may hold
   * entries the new ones hide. Otherwise an account's log is kept while the shared rule
   * (`canReadLogs`) allows it, and the audit trail while the user has audit.read. Never throws: a
   * cache is not worth failing a sync for.
   */
  retainVisible(connectionId: string, snapshot: CachedSnapshot | null, accessChanged: boolean): void {
    if (accessChanged || snapshot === null) return this.forget(connectionId);
    const { me } = snapshot;
    const accounts = new Map(snapshot.accounts.map((account) => [account.id, account]));
    try {
      this.#o.pages.retain(connectionId, (key) => {
        if (key === AUDIT_KEY) return mayCall(me, ACCESS.readAudit).allowed;
        const account = key.startsWith(LOGS_PREFIX) ? accounts.get(key.slice(LOGS_PREFIX.length)) : undefined;
        return account !== undefined && canReadLogs(me, account).allowed;
      });
    } catch {
      // A page file that cannot be read is set aside by the page cache itself on the next read.
    }
  }

  logs(connectionId: string, accountId: string, query: LogQueryInput): Promise<Page<RequestLogEntry>> {
    const { tokenId, status } = query;
    return this.#read(connectionId, `${LOGS_PREFIX}${accountId}`, query, {
      fetch: (target, domain) =>
        this.#o.api.call(target, 'listRequestLogs', {
          params: { domain, id: accountId },
          query,
          signal: this.#o.signal,
        }),
      filtered: tokenId !== undefined || status !== undefined,
      keep: (entry) =>
        (tokenId === undefined || entry.tokenId === tokenId) &&
        (status === undefined || statusMatches(entry.status, status)),
    });
  }

  audit(connectionId: string, query: AuditQueryInput): Promise<Page<AuditEvent>> {
    const { actor, resourceType, action } = query;
    return this.#read(connectionId, AUDIT_KEY, query, {
      fetch: (target, domain) =>
        this.#o.api.call(target, 'listAuditEvents', { params: { domain }, query, signal: this.#o.signal }),
      filtered: actor !== undefined || resourceType !== undefined || action !== undefined,
      keep: (event) =>
        (actor === undefined || event.actor === actor) &&
        (resourceType === undefined || event.resourceType === resourceType) &&
        (action === undefined || event.action === action),
    });
  }

  async #read<T>(
    connectionId: string,
    key: string,
    query: { limit: number; cursor?: string | undefined } & Record<string, string | number | undefined>,
    how: {
      fetch: (target: ApiTarget, domain: string) => Promise<{ items: T[]; nextCursor: string | null }>;
      filtered: boolean;
      keep: (item: T) => boolean;
    },
  ): Promise<Page<T>> {
    const { target, domain, still } = endpointOf(this.#o.connections, connectionId);
    const firstPage = query.cursor === undefined;
    const asOf = this.#now().toISOString();
    try {
      const page = await how.fetch(target, domain);
      if (firstPage && !how.filtered && still()) {
        this.#o.pages.put(connectionId, { key, asOf, items: page.items, nextCursor: page.nextCursor });
      }
      return { items: page.items, nextCursor: page.nextCursor, asOf, fromCache: false };
    } catch (error) {
      // Offline (no answer came back): the cached first page stands in.
      if (!gotNoAnswer(error) || !firstPage) throw error;
      const cached = this.#o.pages.get(connectionId, key);
      if (!cached) throw error;
      // Items written by this app from answers the shared schemas accepted (see PageCache).
      const items = (cached.items as T[]).filter(how.keep);
      const shown = items.slice(0, query.limit);
      const complete = !how.filtered && shown.length === cached.items.length;
      return {
        items: shown,
        // A filtered or shortened view of the cached page cannot go on from the server's cursor.
        nextCursor: complete ? cached.nextCursor : null,
        asOf: cached.asOf,
        fromCache: true,
      };
    }
  }
}

/** An exact status (`404`) or a class (`4xx`). */
export function statusMatches(status: number, wanted: string): boolean {
  return wanted.endsWith('xx') ? String(status).startsWith(wanted[0]!) : String(status) === wanted;
}
