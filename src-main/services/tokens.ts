import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { CreatedToken, CreateTokenBody, PatchTokenBody, RotatedToken } from '../../src-shared/api/tokens.js';
import type { ServiceRotation } from '../../src-shared/ipc/models.js';
import { ensureDeleted } from './api-client.js';
import { endpointOf, type Endpoint, type ServiceDeps } from './endpoint.js';
import { AppFailure } from './errors.js';
import { postOnceMoreIfLost } from './lost-answer.js';
import { rotateBody, rotateOwnAware, type RotateInput } from './own-token-rotation.js';
import type { SyncService } from './sync.js';

export interface TokenServiceOptions extends ServiceDeps {
  sync: SyncService;
  /** How long to wait before sending a create or rotate again after its answer was lost. */
  lostAnswerRetryDelayMs?: number;
  /** Injected for tests. */
  newIdempotencyKey?: () => string;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The bodies as the IPC schemas hand them over (defaults filled in). */
export type CreateTokenInput = z.output<typeof CreateTokenBody>;
export type PatchTokenInput = z.output<typeof PatchTokenBody>;

/**
 * A service account's tokens over the domain-level endpoints, then the cached snapshot brought in
 * line by re-reading that one account and its tokens (no sync).
 *
 * Secrets: the CreatedToken / RotatedToken answer is handed straight back to the IPC caller, except the
 * connection's own token's new secret, which becomes its credential (see rotate). Nothing here keeps,
 * logs or caches one, and the snapshot gets only the token lists, which never hold one.
 *
 * Create and rotate are POSTs and are not retried by the API client, but each carries an
 * Idempotency-Key, so a request whose answer was lost (network error or timeout: it may have
 * reached the server) is sent once more with the same key. The server either acts now (the first
 * one never arrived), or says it already did (409 `idempotent_replay`): then the token exists but
 * its secret is gone for good, and the user is told so (`secret_lost`).
 */
export class TokenService {
  readonly #o: TokenServiceOptions;
  readonly #newKey: () => string;

  constructor(options: TokenServiceOptions) {
    this.#o = options;
    this.#newKey = options.newIdempotencyKey ?? randomUUID;
  }

  async create(connectionId: string, accountId: string, input: CreateTokenInput): Promise<CreatedToken> {
    const endpoint = this.#endpoint(connectionId);
    const key = this.#newKey();
    const created = await this.#postOnceMoreIfLost(
      connectionId,
      accountId,
      endpoint,
      () =>
        this.#o.api.call(endpoint.target, 'createServiceAccountToken', {
          params: { domain: endpoint.domain, id: accountId },
          headers: { 'Idempotency-Key': key },
          body: input,
          signal: this.#o.signal,
        }),
      (token) =>
        `The token “${token.name}” was created, but the server's answer was lost on the way, so its secret can't be shown. Revoke it and create a new one.`,
    );
    await this.#refresh(connectionId, accountId, endpoint);
    return created;
  }

  async update(connectionId: string, accountId: string, name: string, patch: PatchTokenInput): Promise<TokenMeta> {
    const endpoint = this.#endpoint(connectionId);
    const token = await this.#o.api.call(endpoint.target, 'updateServiceAccountToken', {
      params: { domain: endpoint.domain, id: accountId, name },
      body: patch,
      signal: this.#o.signal,
    });
    await this.#refresh(connectionId, accountId, endpoint);
    return token;
  }

  /**
   * When the token is the one this connection itself signs in with (a service account's token: `/me`'s
   * tokenId), main keeps the new secret as the connection's credential and answers none, as for a
   * personal token (rotateOwnAware).
   */
  async rotate(
    connectionId: string,
    accountId: string,
    name: string,
    graceSeconds: number,
    expiresAt?: string | null,
  ): Promise<ServiceRotation> {
    const endpoint = this.#endpoint(connectionId);
    const rotation = await rotateOwnAware({
      api: this.#o.api,
      connections: this.#o.connections,
      signal: this.#o.signal,
      connectionId,
      endpoint,
      name,
      graceSeconds,
      send: (tokenName, grace) =>
        this.#sendRotate(connectionId, accountId, endpoint, tokenName, { graceSeconds: grace, expiresAt }),
      listed: () => this.#tokensOf(accountId, endpoint),
    });
    await this.#refresh(connectionId, accountId, endpoint);
    return rotation;
  }

  /** One rotate request under a fresh Idempotency-Key, sent once more (same key) after a lost answer. */
  #sendRotate(
    connectionId: string,
    accountId: string,
    endpoint: Endpoint,
    name: string,
    body: RotateInput,
  ): Promise<RotatedToken> {
    const key = this.#newKey();
    return this.#postOnceMoreIfLost(
      connectionId,
      accountId,
      endpoint,
      () =>
        this.#o.api.call(endpoint.target, 'rotateServiceAccountToken', {
          params: { domain: endpoint.domain, id: accountId, name },
          headers: { 'Idempotency-Key': key },
          body: rotateBody(body),
          signal: this.#o.signal,
        }),
      (token) =>
        `The token “${token.name}” was rotated, but the server's answer was lost on the way, so its new secret can't be shown. Rotate it again to get a secret you can see.`,
    );
  }

  async #tokensOf(accountId: string, endpoint: Endpoint): Promise<TokenMeta[]> {
    const list = await this.#o.api.call(endpoint.target, 'listServiceAccountTokens', {
      params: { domain: endpoint.domain, id: accountId },
      signal: this.#o.signal,
    });
    return list.items;
  }

  async remove(connectionId: string, accountId: string, name: string): Promise<void> {
    const endpoint = this.#endpoint(connectionId);
    await ensureDeleted(() =>
      this.#o.api.call(endpoint.target, 'deleteServiceAccountToken', {
        params: { domain: endpoint.domain, id: accountId, name },
        signal: this.#o.signal,
      }),
    );
    await this.#refresh(connectionId, accountId, endpoint);
  }

  /**
   * postOnceMoreIfLost; when the server says it had acted, the token exists (without a secret anyone can
   * see): the snapshot is brought up to date before `secret_lost` is reported, so the app shows the
   * token the user has to revoke.
   */
  #postOnceMoreIfLost<T>(
    connectionId: string,
    accountId: string,
    endpoint: Endpoint,
    send: () => Promise<T>,
    lostMessage: (token: TokenMeta) => string,
  ): Promise<T> {
    return postOnceMoreIfLost(send, {
      retryDelayMs: this.#o.lostAnswerRetryDelayMs,
      sleep: this.#o.sleep,
      signal: this.#o.signal,
      replayed: async (token) => {
        await this.#refresh(connectionId, accountId, endpoint);
        return new AppFailure('secret_lost', lostMessage(token), { status: 409, details: { token } });
      },
    });
  }

  /**
   * Re-reads the account (tokenCount, nextExpiry) and its tokens and puts both in the snapshot. The
   * change itself is done: if this fails, the next sync brings it instead, and the user's action
   * still succeeded.
   */
  async #refresh(connectionId: string, accountId: string, endpoint: Endpoint): Promise<void> {
    try {
      const [row, list] = await Promise.all([
        this.#o.api.call(endpoint.target, 'getServiceAccount', {
          params: { domain: endpoint.domain, id: accountId },
          signal: this.#o.signal,
        }),
        this.#o.api.call(endpoint.target, 'listServiceAccountTokens', {
          params: { domain: endpoint.domain, id: accountId },
          signal: this.#o.signal,
        }),
      ]);
      if (endpoint.still()) this.#o.sync.edit(connectionId, { kind: 'put', row, tokens: list.items });
    } catch {
      // Left for the next sync (see above).
    }
  }

  #endpoint(connectionId: string): Endpoint {
    return endpointOf(this.#o.connections, connectionId);
  }
}
