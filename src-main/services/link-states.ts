import type { ConnectionLink } from '../../src-shared/ipc/models.js';
import { ApiError } from './api-client.js';
import { AppFailure, isCertificateCode, isNoAnswerCode } from './errors.js';

/** What an outcome says about a connection's server: it answered, it is out of reach, or it refused the token. */
type Verdict = { state: 'online' } | { state: 'offline' | 'auth_failed'; code: string; reason: string } | null;

/** A proxy in front of a stopped server answers with these: the server itself is as good as unreachable. */
const SERVER_DOWN_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * What an API call's outcome (null: success) says about the link. A 401 means the token was
 * rejected (unknown, expired, suspended, rotated, its owner disabled); no answer, or a proxy saying
 * the server is down, means offline; any other answer means the server is there. Anything else
 * (a bug in the app) says nothing about the server.
 */
export function verdictOf(error: unknown): Verdict {
  if (error === null) return { state: 'online' };
  if (error instanceof ApiError) {
    if (error.status === 401) {
      return {
        state: 'auth_failed',
        code: error.code,
        reason: `The server rejected this connection's token: ${error.message} Enter a valid token under Connections.`,
      };
    }
    if (error.status !== undefined && SERVER_DOWN_STATUSES.has(error.status)) {
      return { state: 'offline', code: error.code, reason: error.message };
    }
    return { state: 'online' };
  }
  if (error instanceof AppFailure) {
    if (isNoAnswerCode(error.code)) return { state: 'offline', code: error.code, reason: error.message };
    // A server whose certificate is refused cannot be talked to safely: offline, saying why.
    if (isCertificateCode(error.code)) return { state: 'offline', code: error.code, reason: error.message };
    if (error.code === 'credential_missing') return { state: 'auth_failed', code: error.code, reason: error.message };
    if (error.code === 'bad_response') return { state: 'online' };
  }
  return null;
}

const ONLINE: ConnectionLink = { state: 'online', since: null, reason: null, code: null, nextCheckAt: null };

/**
 * The link state of every connection: the one place that says whether a connection is online,
 * offline or has its token refused. Fed by every request made for a connection (the API client's
 * outcome hook), by sync (a missing token) and by the monitor's checks; read into each SyncStatus.
 */
export class LinkStates {
  readonly #now: () => number;
  readonly #links = new Map<string, ConnectionLink>();
  readonly #listeners = new Set<(connectionId: string, previous: ConnectionLink) => void>();

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  get(connectionId: string): ConnectionLink {
    return this.#links.get(connectionId) ?? ONLINE;
  }

  /** Called with the connection and its link before the change, after every change. */
  onChange(listener: (connectionId: string, previous: ConnectionLink) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** An outcome (null: success, else what was thrown) of something done for this connection. */
  note(connectionId: string, error: unknown): void {
    const verdict = verdictOf(error);
    if (verdict === null) return;
    const previous = this.get(connectionId);
    if (verdict.state === 'online') {
      if (previous.state !== 'online') this.#set(connectionId, previous, ONLINE);
      return;
    }
    if (previous.state === verdict.state && previous.code === verdict.code && previous.reason === verdict.reason)
      return;
    // Offline since the first failure, not the latest: the reason may change while it lasts.
    const since = previous.state === verdict.state && previous.since !== null ? previous.since : this.#iso();
    this.#set(connectionId, previous, {
      state: verdict.state,
      since,
      reason: verdict.reason,
      code: verdict.code,
      nextCheckAt: previous.nextCheckAt,
    });
  }

  /** When the monitor checks again by itself (shown while not online); null when it will not. */
  setNextCheck(connectionId: string, atMs: number | null): void {
    const previous = this.get(connectionId);
    const nextCheckAt = atMs === null ? null : new Date(atMs).toISOString();
    if (previous.nextCheckAt === nextCheckAt) return;
    this.#set(connectionId, previous, { ...previous, nextCheckAt });
  }

  forget(connectionId: string): void {
    this.#links.delete(connectionId);
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }

  #set(connectionId: string, previous: ConnectionLink, next: ConnectionLink): void {
    this.#links.set(connectionId, next);
    for (const listener of this.#listeners) listener(connectionId, previous);
  }
}
