import type { ServiceAccountWithTokens } from '../../src-shared/api/models.js';
import {
  MAX_PAGE_SIZE,
  NEXT_CURSOR_HEADER,
  type ServiceAccountListResponse,
} from '../../src-shared/api/service-accounts.js';
import type { AccountDetail, AccountRow, SyncStatus } from '../../src-shared/ipc/models.js';
import { ApiError, type ApiClient } from './api-client.js';
import type { ConnectionService } from './connections.js';
import { endpointOf, type Endpoint } from './endpoint.js';
import { AppFailure, toAppError } from './errors.js';
import { verdictOf, type LinkStates } from './link-states.js';
import { SNAPSHOT_VERSION, type CachedSnapshot } from './snapshot.js';
import { restrictToAccess, sameAccess } from './snapshot-access.js';
import type { SnapshotCache } from './snapshot-cache.js';
import type { SnapshotEdit } from './snapshot-edit.js';
import { fetchCallerAndDirectory, type CallerAndDirectory } from './caller-and-directory.js';
import { merge, splitAccount } from './snapshot-merge.js';
import { fastSyncPage } from './sync-page.js';
import { accountRow } from './snapshot-rows.js';
import { CorruptSnapshotError, TokenIndex, type AccountTokens } from './token-index.js';

/** One page of `include=tokens`: the contract's list answer with every item carrying `tokens`. */
type SyncPage = ServiceAccountListResponse & { items: ServiceAccountWithTokens[] };

/** The page as sync needs it; an item without `tokens` (the server ignored `include`) is a bad answer. */
function syncPageOf(page: ServiceAccountListResponse): SyncPage {
  const at = page.items.findIndex((item) => item.tokens === undefined);
  if (at >= 0) {
    throw new AppFailure(
      'bad_response',
      `The server's list of service accounts came without their tokens (at items.${at}.tokens). The server may be a different version.`,
    );
  }
  return page as SyncPage;
}

export interface SyncServiceOptions {
  api: ApiClient;
  connections: ConnectionService;
  cache: SnapshotCache;
  /** Whether each connection's server answers: part of every status, which is emitted again when it changes. */
  links: LinkStates;
  emit: (status: SyncStatus) => void;
  now?: () => Date;
  pageSize?: number;
  /** Aborted on dispose: requests in flight stop. */
  signal?: AbortSignal;
  /**
   * Told what the user may see now, so that what is cached beside the snapshot (first pages of logs
   * and audit) keeps no more: with `accessChanged` as soon as `/me` answers with other rights (before
   * the full sync that follows; the snapshot is null if it had to be set aside), and after every sync
   * that saved a snapshot. Must not throw.
   */
  onVisible?: (connectionId: string, snapshot: CachedSnapshot | null, accessChanged: boolean) => void;
  /** After every sync that saved a snapshot (keeps what the other screens need offline). Must not throw. */
  onSynced?: (connectionId: string, snapshot: CachedSnapshot) => void;
}

/**
 * Full and incremental sync of one connection's metadata into its encrypted snapshot. A new snapshot
 * is built in memory and replaces the cached one only when complete. Every phase change and progress
 * step is emitted as a SyncStatus. A second run for a connection joins the one in flight.
 */
export class SyncService {
  readonly #o: SyncServiceOptions;
  readonly #now: () => Date;
  /** Each connection's status without its link, which `links` keeps (see `#full`). */
  readonly #statuses = new Map<string, Omit<SyncStatus, 'link'>>();
  readonly #running = new Map<string, Promise<SyncStatus>>();
  /** Connections whose recovery message has been shown by a finished sync; cleared on the next run. */
  readonly #recoveryShown = new Set<string>();

  constructor(options: SyncServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    options.links.onChange((connectionId) => {
      const status = this.#statuses.get(connectionId);
      if (status) this.#o.emit(this.#full(status));
    });
  }

  status(connectionId: string): SyncStatus {
    this.#o.connections.get(connectionId);
    this.#ensureLoaded(connectionId);
    return this.#full(this.#statuses.get(connectionId)!);
  }

  snapshot(connectionId: string): CachedSnapshot | null {
    this.#o.connections.get(connectionId);
    this.#ensureLoaded(connectionId);
    return this.#o.cache.get(connectionId);
  }

  /**
   * One account with its tokens (accounts:get). The first call after a cold load parses the tokens
   * part of the cache (see `tokens`).
   */
  account(connectionId: string, accountId: string): AccountDetail | null {
    const snapshot = this.snapshot(connectionId);
    const row = snapshot && accountRow(snapshot, accountId);
    if (!snapshot || !row) return null;
    const tokens = this.tokens(connectionId);
    // Present by construction (checked when the index was parsed); null would also be a valid answer.
    return tokens && { ...row, tokens: tokens.get(accountId) ?? null };
  }

  /**
   * Every account's tokens, by account id, or null without a snapshot. The first call after a cold load
   * parses the tokens part of the cache; if that turns out damaged, the cache is set aside and
   * re-synced, as a file that fails to load is, and the answer is null.
   */
  tokens(connectionId: string): ReadonlyMap<string, AccountTokens> | null {
    const snapshot = this.snapshot(connectionId);
    if (!snapshot) return null;
    try {
      return snapshot.tokens.entries();
    } catch (error) {
      if (!(error instanceof CorruptSnapshotError)) throw error;
      this.#setAside(connectionId, { resync: true });
      return null;
    }
  }

  /**
   * A change the server has confirmed (accounts:create, update, delete; several edits of one
   * operation are one write), applied to the cached snapshot without a sync; the syncCursor stays as it was, so the next incremental sync sees the
   * change again and merges it to the same result. Nothing is emitted unless something goes wrong.
   */
  edit(connectionId: string, edit: SnapshotEdit | readonly SnapshotEdit[]): void {
    this.#ensureLoaded(connectionId);
    try {
      this.#o.cache.edit(connectionId, edit);
    } catch (error) {
      if (error instanceof CorruptSnapshotError) {
        // As in `account`: the re-sync brings the change along with everything else.
        this.#setAside(connectionId, { resync: true });
        return;
      }
      // The change is in memory (what the app shows) but not on disk, whose older copy stays valid.
      this.#set(connectionId, {
        phase: 'error',
        error: {
          code: 'internal',
          message:
            'The change was made on the server, but could not be saved on this computer. Check free disk space; the next sync saves it again.',
        },
      });
    }
  }

  run(connectionId: string, options: { full?: boolean } = {}): Promise<SyncStatus> {
    const running = this.#running.get(connectionId);
    if (running) return running;
    try {
      this.#o.connections.get(connectionId);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const job = this.#sync(connectionId, options.full ?? false).finally(() => this.#running.delete(connectionId));
    this.#running.set(connectionId, job);
    return job;
  }

  /** Starts a sync without waiting for it; its outcome arrives as events and in `status`. */
  start(connectionId: string, options: { full?: boolean } = {}): void {
    this.run(connectionId, options).catch(() => undefined);
  }

  /** Reports that a connection's cache was set aside (for example after a keychain reset). */
  noteRecovered(connectionId: string, message: string): void {
    this.#ensureLoaded(connectionId);
    this.#set(connectionId, { cacheRecovered: message });
  }

  /** After the server or domain of a connection changed: drop its cache and sync afresh. */
  restart(connectionId: string): void {
    const running = this.#running.get(connectionId);
    this.forget(connectionId);
    void (running ?? Promise.resolve()).finally(() => this.start(connectionId, { full: true }));
  }

  /** Forget a removed connection: its status and, through the cache, its file. */
  forget(connectionId: string): void {
    this.#statuses.delete(connectionId);
    this.#o.links.forget(connectionId);
    this.#recoveryShown.delete(connectionId);
    this.#o.cache.drop(connectionId);
  }

  async settle(): Promise<void> {
    await Promise.allSettled([...this.#running.values()]);
  }

  #ensureLoaded(connectionId: string): void {
    if (this.#statuses.has(connectionId)) return;
    const { snapshot, recovered } = this.#o.cache.ensure(connectionId);
    this.#statuses.set(connectionId, {
      connectionId,
      phase: 'idle',
      lastSyncedAt: snapshot?.asOf ?? null,
      progress: null,
      error: null,
      cacheRecovered: recovered,
    });
    // A cache that had to be set aside is rebuilt straight away (joins a sync that is starting).
    if (recovered !== null && this.#o.connections.credentialOf(connectionId) !== null) {
      queueMicrotask(() => this.start(connectionId, { full: true }));
    }
  }

  /** A snapshot found damaged after its load: moved aside and reported like one that failed to load. */
  #setAside(connectionId: string, { resync }: { resync: boolean }): void {
    const message = this.#o.cache.setAside(connectionId);
    this.#set(connectionId, { cacheRecovered: message, lastSyncedAt: null });
    if (resync && this.#o.connections.credentialOf(connectionId) !== null) this.start(connectionId, { full: true });
  }

  #set(connectionId: string, change: Partial<Omit<SyncStatus, 'link'>>): SyncStatus {
    const previous = this.#statuses.get(connectionId);
    // A connection removed while its sync ran: nothing more to report about it.
    if (!previous) return idleGone(connectionId);
    const next = { ...previous, ...change };
    this.#statuses.set(connectionId, next);
    const full = this.#full(next);
    this.#o.emit(full);
    return full;
  }

  #full(status: Omit<SyncStatus, 'link'>): SyncStatus {
    return { ...status, link: this.#o.links.get(status.connectionId) };
  }

  #current(connectionId: string): SyncStatus {
    const status = this.#statuses.get(connectionId);
    return status ? this.#full(status) : idleGone(connectionId);
  }

  async #sync(connectionId: string, forceFull: boolean): Promise<SyncStatus> {
    this.#ensureLoaded(connectionId);
    if (this.#recoveryShown.delete(connectionId)) this.#set(connectionId, { cacheRecovered: null });
    this.#o.connections.get(connectionId);
    let endpoint: Endpoint;
    try {
      endpoint = endpointOf(this.#o.connections, connectionId);
    } catch (error) {
      // No token: the server cannot be asked anything, so the link says so (as a refused token would).
      this.#o.links.note(connectionId, error);
      return this.#set(connectionId, { phase: 'idle', progress: null, error: null });
    }
    const current = this.#o.cache.get(connectionId);
    // Edits made from here on are applied again over what this sync brings (see SnapshotCache.edit).
    const mark = this.#o.cache.mark();
    this.#set(connectionId, { phase: 'syncing', progress: { done: 0, total: null }, error: null });
    try {
      const asOf = this.#now().toISOString();
      const basis = await fetchCallerAndDirectory(this.#o.api, endpoint.target, endpoint.domain, this.#o.signal);
      // Other rights than the cache was fetched with: drop what they no longer cover at once (even if
      // the sync below fails), and fetch everything again, which brings what they now allow.
      const accessChanged = current !== null && !sameAccess(current.me, basis.me);
      if (accessChanged && endpoint.still()) {
        this.#restrict(connectionId, basis);
      }
      let next: CachedSnapshot | Unchanged;
      if (current && !forceFull && !accessChanged) {
        try {
          next = await this.#fetch(connectionId, endpoint, basis, asOf, current);
        } catch (error) {
          if (error instanceof CorruptSnapshotError) {
            // The merge read the tokens part of a cold-loaded cache, and it is damaged: handled as at
            // load (unless an accounts:get found it first while this sync was fetching).
            if (this.#statuses.has(connectionId) && this.#o.cache.get(connectionId) === current) {
              this.#setAside(connectionId, { resync: false });
            }
          } else if (!(error instanceof ApiError && error.status === 400)) {
            throw error;
          }
          // The server no longer knows the cursor (expired, or a different database), or the cache
          // turned out damaged: start over.
          next = await this.#fetch(connectionId, endpoint, basis, asOf, null);
        }
      } else {
        next = await this.#fetch(connectionId, endpoint, basis, asOf, null);
      }
      if (!endpoint.still()) {
        // Removed, or pointed at another server while this ran: what was fetched belongs to nothing now.
        return this.#current(connectionId);
      }
      if ('unchanged' in next) {
        // Nothing new: nothing is written, and nothing read again for the other screens.
        this.#o.cache.touch(connectionId, asOf, next.syncCursor, mark);
        return this.#set(connectionId, { phase: 'idle', progress: null, error: null, lastSyncedAt: asOf });
      }
      this.#commit(connectionId, next, mark);
      const saved = this.#o.cache.get(connectionId);
      if (saved) {
        this.#o.onVisible?.(connectionId, saved, false);
        this.#o.onSynced?.(connectionId, saved);
      }
      if (this.#statuses.get(connectionId)?.cacheRecovered) this.#recoveryShown.add(connectionId);
      return this.#set(connectionId, { phase: 'idle', progress: null, error: null, lastSyncedAt: next.asOf });
    } catch (error) {
      if (!this.#statuses.has(connectionId)) return idleGone(connectionId);
      // No answer, or the token refused: the link says so (as the API client has already told it),
      // and the sync is simply not done. Any other failure is the sync's own.
      // Cancelled (quit) is neither: it says nothing about the server.
      const verdict = this.#o.signal?.aborted ? null : verdictOf(error);
      if (verdict !== null && verdict.state !== 'online') {
        this.#o.links.note(connectionId, error);
        return this.#set(connectionId, { phase: 'idle', progress: null, error: null });
      }
      const { code, message } = toAppError(error);
      return this.#set(connectionId, { phase: 'error', progress: null, error: { code, message } });
    }
  }

  /** The cached snapshot and what is cached beside it, cut down to the rights `basis.me` now has. */
  #restrict(connectionId: string, basis: CallerAndDirectory): void {
    try {
      this.#o.cache.restrict(connectionId, (snapshot) => restrictToAccess(snapshot, basis));
    } catch (error) {
      if (!(error instanceof CorruptSnapshotError)) throw error;
      // Its tokens part cannot be read, so it cannot be cut down: set aside whole, as at load.
      this.#setAside(connectionId, { resync: false });
    }
    this.#o.onVisible?.(connectionId, this.#o.cache.get(connectionId), true);
  }

  #commit(connectionId: string, next: CachedSnapshot, mark: number): void {
    try {
      this.#o.cache.replace(connectionId, next, mark);
    } catch (error) {
      throw new AppFailure(
        'internal',
        'The data was downloaded but could not be saved on this computer. Check free disk space and try again.',
        { cause: error },
      );
    }
    this.#o.connections.setLastSynced(connectionId, next.asOf, next.me.tokenId);
  }

  /** Pages through the list; returns the FIRST page's syncCursor (safe: later changes are fetched again). */
  async #pages(
    connectionId: string,
    { target, domain }: Endpoint,
    changesSince: string | undefined,
    onPage: (page: SyncPage) => void,
  ): Promise<string> {
    let cursor: string | undefined;
    let syncCursor: string | null = null;
    let total: number | null = null;
    let done = 0;
    // The server names the next page's cursor in a header, so that page is asked for while this one
    // is still being read and checked: the server builds page n+1 while the app parses page n. At most
    // two pages are read ahead, so memory stays bounded however many pages there are.
    const early = new Map<string, Promise<SyncPage>>();
    const fetchPage = (at: string | undefined): Promise<SyncPage> =>
      this.#o.api
        .call(target, 'listServiceAccounts', {
          params: { domain },
          query: { include: 'tokens', limit: this.#o.pageSize ?? MAX_PAGE_SIZE, changesSince, cursor: at },
          fastParse: fastSyncPage,
          signal: this.#o.signal,
          onHeaders: (headers) => {
            const next = headers[NEXT_CURSOR_HEADER];
            if (typeof next !== 'string' || next === '' || next === at || early.has(next) || early.size >= 2) return;
            const page = fetchPage(next);
            page.catch(() => undefined); // Awaited below when used; an unused early page may fail quietly.
            early.set(next, page);
          },
        })
        .then(syncPageOf);
    let pending = fetchPage(undefined);
    do {
      const page = await pending;
      if (syncCursor === null) {
        syncCursor = page.syncCursor;
        total = page.total ?? null;
      }
      onPage(page);
      done += page.items.length;
      this.#set(connectionId, { progress: { done, total } });
      if (page.nextCursor !== null && page.nextCursor === cursor) {
        throw new AppFailure('bad_response', 'The server sent the same page twice. Try again later.');
      }
      cursor = page.nextCursor ?? undefined;
      if (cursor !== undefined) {
        pending = early.get(cursor) ?? fetchPage(cursor);
        early.delete(cursor);
      }
    } while (cursor !== undefined);
    return syncCursor;
  }

  /**
   * A new snapshot: everything again (`current` null), or `current` with what changed since it, read
   * under the same rights it was (see `sameAccess`). `basis` was read just before, at `asOf`.
   * `Unchanged` when `current` is given and nothing in it changed.
   */
  async #fetch(
    connectionId: string,
    endpoint: Endpoint,
    basis: CallerAndDirectory,
    asOf: string,
    current: CachedSnapshot,
  ): Promise<CachedSnapshot | Unchanged>;
  async #fetch(
    connectionId: string,
    endpoint: Endpoint,
    basis: CallerAndDirectory,
    asOf: string,
    current: null,
  ): Promise<CachedSnapshot>;
  async #fetch(
    connectionId: string,
    endpoint: Endpoint,
    basis: CallerAndDirectory,
    asOf: string,
    current: CachedSnapshot | null,
  ): Promise<CachedSnapshot | Unchanged> {
    // A full sync builds the new snapshot's rows and token index page by page, so no page outlives
    // its turn; an incremental one keeps only what changed, for the merge.
    const items: ServiceAccountWithTokens[] = [];
    const full = current ? null : { accounts: [] as AccountRow[], tokens: new Map<string, AccountTokens>() };
    const deleted = new Set<string>();
    const syncCursor = await this.#pages(connectionId, endpoint, current?.syncCursor, (page) => {
      for (const item of page.items) {
        if (!full) {
          items.push(item);
          continue;
        }
        const { row, tokens } = splitAccount(item);
        full.accounts.push(row);
        full.tokens.set(row.id, tokens);
      }
      for (const id of page.deleted) deleted.add(id);
    });
    if (current && items.length === 0 && deleted.size === 0 && sameBasis(current, basis)) {
      return { unchanged: true, syncCursor };
    }
    const { me, roles, groups, members, bundles, tokenPolicy } = basis;
    const accounts = current
      ? merge(current, items, deleted)
      : { accounts: full!.accounts, tokens: TokenIndex.of(full!.tokens) };
    return {
      version: SNAPSHOT_VERSION,
      connectionId,
      asOf,
      syncCursor,
      me,
      roles,
      groups,
      members,
      bundles,
      tokenPolicy,
      ...accounts,
    };
  }
}

/** What an incremental sync that found nothing new brings: only the server's newer cursor. */
interface Unchanged {
  unchanged: true;
  syncCursor: string;
}

/** Whether the caller and directory read by a sync are what the snapshot already holds. */
function sameBasis(snapshot: CachedSnapshot, basis: CallerAndDirectory): boolean {
  return (
    JSON.stringify(snapshot.me) === JSON.stringify(basis.me) &&
    JSON.stringify(snapshot.roles) === JSON.stringify(basis.roles) &&
    JSON.stringify(snapshot.groups) === JSON.stringify(basis.groups) &&
    JSON.stringify(snapshot.members) === JSON.stringify(basis.members) &&
    JSON.stringify(snapshot.bundles) === JSON.stringify(basis.bundles) &&
    JSON.stringify(snapshot.tokenPolicy) === JSON.stringify(basis.tokenPolicy)
  );
}

function idleGone(connectionId: string): SyncStatus {
  return {
    connectionId,
    phase: 'idle',
    lastSyncedAt: null,
    progress: null,
    error: null,
    cacheRecovered: null,
    link: { state: 'online', since: null, reason: null, code: null, nextCheckAt: null },
  };
}
