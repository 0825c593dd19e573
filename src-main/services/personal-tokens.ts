import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { TokenMeta } from '../../src-shared/api/models.js';
import { apiPaths } from '../../src-shared/api/paths.js';
import {
  PersonalTokenList,
  type CreatePersonalTokenBody,
  type PatchPersonalTokenBody,
} from '../../src-shared/api/personal-tokens.js';
import { CreatedToken, IDEMPOTENCY_HEADER, IdempotentReplayDetails } from '../../src-shared/api/tokens.js';
import { ApiError, type ApiClient } from './api-client.js';
import type { ConnectionService } from './connections.js';
import { endpointOf } from './endpoint.js';
import { AppFailure } from './errors.js';

export interface PersonalTokenServiceOptions {
  api: ApiClient;
  connections: ConnectionService;
  signal?: AbortSignal;
  /** How long to wait before sending a create again after its answer was lost. */
  lostAnswerRetryDelayMs?: number;
  newIdempotencyKey?: () => string;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type CreatePersonalTokenInput = z.output<typeof CreatePersonalTokenBody>;
export type PatchPersonalTokenInput = z.output<typeof PatchPersonalTokenBody>;

const LOST_ANSWER_CODES = new Set(['network_unreachable', 'timeout']);

/**
 * The caller's own personal tokens (the connection's credential decides whose). Not cached: the list
 * is read from the server each time. Create carries an Idempotency-Key and, after a lost answer, is
 * sent once more with the same key, as tokens:create is (see TokenService); a replay the server
 * refuses as already done is `secret_lost`. The secret goes only into the answer.
 */
export class PersonalTokenService {
  readonly #o: PersonalTokenServiceOptions;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #newKey: () => string;

  constructor(options: PersonalTokenServiceOptions) {
    this.#o = options;
    this.#sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.#newKey = options.newIdempotencyKey ?? randomUUID;
  }

  async list(connectionId: string): Promise<TokenMeta[]> {
    const { target } = endpointOf(this.#o.connections, connectionId);
    const answer = await this.#o.api.request(target, {
      method: 'GET',
      path: apiPaths.personalTokens(),
      schema: PersonalTokenList,
      signal: this.#o.signal,
    });
    return answer.items;
  }

  async create(connectionId: string, input: CreatePersonalTokenInput): Promise<CreatedToken> {
    const { target } = endpointOf(this.#o.connections, connectionId);
    const key = this.#newKey();
    const send = () =>
      this.#o.api.request(target, {
        method: 'POST',
        path: apiPaths.personalTokens(),
        headers: { [IDEMPOTENCY_HEADER]: key },
        body: input,
        schema: CreatedToken,
        signal: this.#o.signal,
      });
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof AppFailure) || !LOST_ANSWER_CODES.has(error.code) || this.#o.signal?.aborted) throw error;
    }
    await this.#sleep(this.#o.lostAnswerRetryDelayMs ?? 500, this.#o.signal).catch(() => {
      throw new AppFailure('network_unreachable', 'The request was cancelled.');
    });
    try {
      return await send();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.code === 'idempotent_replay') {
        const details = IdempotentReplayDetails.safeParse(error.details);
        if (details.success) {
          throw new AppFailure(
            'secret_lost',
            `The token “${details.data.token.name}” was created, but the server's answer was lost on the way, so its secret can't be shown. Delete it and create a new one.`,
            { status: 409, details: { token: details.data.token } },
          );
        }
      }
      throw error;
    }
  }

  async update(connectionId: string, name: string, patch: PatchPersonalTokenInput): Promise<TokenMeta> {
    const { target } = endpointOf(this.#o.connections, connectionId);
    return this.#o.api.request(target, {
      method: 'PATCH',
      path: apiPaths.personalToken(name),
      body: patch,
      schema: TokenMeta,
      signal: this.#o.signal,
    });
  }

  async remove(connectionId: string, name: string): Promise<void> {
    const { target } = endpointOf(this.#o.connections, connectionId);
    try {
      await this.#o.api.request(target, {
        method: 'DELETE',
        path: apiPaths.personalToken(name),
        schema: z.null(),
        signal: this.#o.signal,
      });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404 && error.attempt > 0)) throw error;
    }
  }
}
