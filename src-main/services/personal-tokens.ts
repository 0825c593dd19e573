import type { z } from 'zod';
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { CreatePersonalTokenBody, PatchPersonalTokenBody } from '../../src-shared/api/personal-tokens.js';
import type { CreatedToken } from '../../src-shared/api/tokens.js';
import { ensureDeleted } from './api-client.js';
import { endpointOf, type ServiceDeps } from './endpoint.js';
import { AppFailure, gotNoAnswer } from './errors.js';

export type PersonalTokenServiceOptions = ServiceDeps;

export type CreatePersonalTokenInput = z.output<typeof CreatePersonalTokenBody>;
export type PatchPersonalTokenInput = z.output<typeof PatchPersonalTokenBody>;

/**
 * The caller's own personal tokens (the connection's credential decides whose). Not cached: the list
 * is read from the server each time. The server's personal-token route takes no Idempotency-Key, so
 * create is a plain POST, never sent twice (unlike tokens:create). The secret goes only into the answer.
 */
export class PersonalTokenService {
  readonly #o: PersonalTokenServiceOptions;

  constructor(options: PersonalTokenServiceOptions) {
    this.#o = options;
  }

  async list(connectionId: string): Promise<TokenMeta[]> {
    const { target } = endpointOf(this.#o.connections, connectionId);
    const answer = await this.#o.api.call(target, 'listPersonalTokens', { signal: this.#o.signal });
    return answer.items;
  }

  async create(connectionId: string, input: CreatePersonalTokenInput): Promise<CreatedToken> {
    const { target } = endpointOf(this.#o.connections, connectionId);
    try {
      return await this.#o.api.call(target, 'createPersonalToken', { body: input, signal: this.#o.signal });
    } catch (error) {
      if (!gotNoAnswer(error)) throw error;
      // Not sent again: the server keeps no Idempotency-Key for personal tokens, so a resend could
      // not tell "made, answer lost" from "never arrived". Say what the user can check.
      throw new AppFailure(
        error.code,
        `${error.message} The token “${input.name}” may have been created without its secret reaching TokenDesk: check your personal tokens, and delete it if it is there.`,
        { cause: error },
      );
    }
  }

  async update(connectionId: string, name: string, patch: PatchPersonalTokenInput): Promise<TokenMeta> {
    const { target } = endpointOf(this.#o.connections, connectionId);
    return this.#o.api.call(target, 'updatePersonalToken', { params: { name }, body: patch, signal: this.#o.signal });
  }

  async remove(connectionId: string, name: string): Promise<void> {
    const { target } = endpointOf(this.#o.connections, connectionId);
    await ensureDeleted(() =>
      this.#o.api.call(target, 'deletePersonalToken', { params: { name }, signal: this.#o.signal }),
    );
  }
}
