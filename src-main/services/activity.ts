import type { z } from 'zod';
import { AuditQuery, type AuditEvent } from '../../src-shared/api/directory.js';
import { RequestLogQuery, type RequestLogEntry } from '../../src-shared/api/logs.js';
import { meActor } from '../../src-shared/api/me.js';
import { ACCESS, canReadLogs, mayCall } from '../../src-shared/authz.js';
import type { ApiTarget } from './api-client.js';
import { endpointOf, type ServiceDeps } from './endpoint.js';
import { AppFailure, gotNoAnswer } from './errors.js';
import { PAGE_KEYS, type PageCache } from './page-cache.js';
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

const AUDIT_KEY = PAGE_KEYS.audit;
const LOGS_PREFIX = PAGE_KEYS.logsPrefix;

/** How many accounts' logs a sync keeps for offline use: those opened before, then the most recently used. */
export const LOG_PAGES_KEPT = 20;

/**
 * Request logs and the audit trail: read from the server page by page. The default first page (no
 * cursor, no filter) of each account's log and of the audit trail is kept encrypted, so that offline
 * the last one read is shown, marked `fromCache` with its `asOf`; a filter is then applied to it here.
 * Later pages are never cached: offline, asking for one says so. Each sync refreshes the cached
 * pages (`refreshAfterSync`), so they are there offline even if the screen was never opened.
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
   * entries the new ones hide. Otherwise the caller's personal tokens are kept, an account's log
   * while the shared rule (`canReadLogs`) allows it, and the audit trail while the user has
   * audit.read. Never throws: a cache is not worth failing a sync for.
   */
  retainVisible(connectionId: string, snapshot: CachedSnapshot | null, accessChanged: boolean): void {
    if (accessChanged || snapshot === null) return this.forget(connectionId);
    const me = meActor(snapshot.me);
    const accounts = new Map(snapshot.accounts.map((account) => [account.id, account]));
    try {
      this.#o.pages.retain(connectionId, (key) => {
        // The caller's own tokens are theirs under any rights; a change of caller is accessChanged.
        if (key === PAGE_KEYS.personalTokens) return true;
        if (key === AUDIT_KEY) return mayCall(me, ACCESS.readAudit).allowed;
        const account = key.startsWith(LOGS_PREFIX) ? accounts.get(key.slice(LOGS_PREFIX.length)) : undefined;
        return account !== undefined && canReadLogs(me, account).allowed;
      });
    } catch {
      // A page file that cannot be read is set aside by the page cache itself on the next read.
    }
  }

  /**
   * After a sync: reads again the first pages kept for offline use, the audit trail (when the user
   * may read it) and the logs of up to LOG_PAGES_KEPT accounts (those already kept, then the most
   * recently used), so they are there offline. A page that did not change is not written again
   * (PageCache.put). Stops at the first request that gets no answer; never throws.
   */
  async refreshAfterSync(connectionId: string, snapshot: CachedSnapshot): Promise<void> {
    const reads: (() => Promise<Page<unknown>>)[] = [];
    if (mayCall(meActor(snapshot.me), ACCESS.readAudit).allowed) {
      reads.push(() => this.audit(connectionId, AuditQuery.parse({})));
    }
    for (const accountId of this.#logsToKeep(connectionId, snapshot)) {
      reads.push(() => this.logs(connectionId, accountId, RequestLogQuery.parse({})));
    }
    for (const read of reads) {
      try {
        // Served from the cache: the server stopped answering, so the rest would not be read either.
        if ((await read()).fromCache) return;
      } catch (error) {
        if (gotNoAnswer(error)) return;
        // A refusal of one page (a log the user may no longer read) does not stop the others.
      }
    }
  }

  /** The accounts whose logs are kept: those kept already (still readable), then by most recent token use. */
  #logsToKeep(connectionId: string, snapshot: CachedSnapshot): string[] {
    const readable = new Map(
      snapshot.accounts.filter((account) => canReadLogs(meActor(snapshot.me), account).allowed).map((a) => [a.id, a]),
    );
    const kept = this.#o.pages
      .keys(connectionId)
      .filter((key) => key.startsWith(LOGS_PREFIX))
      .map((key) => key.slice(LOGS_PREFIX.length))
      .filter((id) => readable.has(id));
    const keptIds = new Set(kept);
    const lastUse = new Map<string, number>();
    try {
      // Plain loops: this runs over every token after each sync (50,000 at 10k accounts), where a
      // closure and a spread per account cost more than the dates themselves.
      for (const [accountId, tokens] of snapshot.tokens.entries()) {
        if (tokens === null || !readable.has(accountId) || keptIds.has(accountId)) continue;
        let used = 0;
        for (const token of tokens) {
          if (token.lastUsedAt !== null) used = Math.max(used, Date.parse(token.lastUsedAt));
        }
        if (used > 0) lastUse.set(accountId, used);
      }
    } catch {
      // The tokens part could not be read: keep refreshing the logs already kept, nothing more.
    }
    const recent = [...lastUse].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    return [...kept.slice(-LOG_PAGES_KEPT), ...recent].slice(0, LOG_PAGES_KEPT);
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
      if (!gotNoAnswer(error)) throw error;
      if (!firstPage) {
        throw new AppFailure(
          error.code,
          `${error.message} Only the first page is kept for offline use: load more once the server answers again.`,
          { cause: error },
        );
      }
      const cached = this.#o.pages.get(connectionId, key);
      if (!cached) {
        throw new AppFailure(
          error.code,
          `${error.message} This list has not been saved for offline use yet: each sync keeps the audit trail and the logs of the ${LOG_PAGES_KEPT} most recently used accounts.`,
          { cause: error },
        );
      }
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
