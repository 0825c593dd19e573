import type { z } from 'zod';
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { CreatePersonalTokenBody, PatchPersonalTokenBody } from '../../src-shared/api/personal-tokens.js';
import type { CreatedToken } from '../../src-shared/api/tokens.js';
import { ensureDeleted } from './api-client.js';
import { endpointOf, type ServiceDeps } from './endpoint.js';
import { AppFailure, gotNoAnswer } from './errors.js';
import { PAGE_KEYS, type PageCache } from './page-cache.js';

export interface PersonalTokenServiceOptions extends ServiceDeps {
  /** Where the list is kept for offline use (one more page beside logs and audit). */
  pages: PageCache;
  now?: () => Date;
}

/** The list as the IPC answer carries it: from the server, or offline the copy kept. */
export interface PersonalTokenList {
  items: TokenMeta[];
  asOf: string;
  fromCache: boolean;
}

export type CreatePersonalTokenInput = z.output<typeof CreatePersonalTokenBody>;
export type PatchPersonalTokenInput = z.output<typeof PatchPersonalTokenBody>;

/**
 * The caller's own personal tokens (the connection's credential decides whose). The list is read from
 * the server each time and kept (metadata only, sealed with the other cached pages) for offline use;
 * each sync reads it again (`list` from the core's after-sync step). The server's personal-token route takes no Idempotency-Key, so
 * create is a plain POST, never sent twice (unlike tokens:create). The secret goes only into the answer.
 */
export class PersonalTokenService {
  readonly #o: PersonalTokenServiceOptions;

  constructor(options: PersonalTokenServiceOptions) {
    this.#o = options;
  }

  async list(connectionId: string): Promise<PersonalTokenList> {
    const { target, still } = endpointOf(this.#o.connections, connectionId);
    const asOf = (this.#o.now?.() ?? new Date()).toISOString();
    try {
      const { items } = await this.#o.api.call(target, 'listPersonalTokens', { signal: this.#o.signal });
      if (still()) this.#o.pages.put(connectionId, { key: PAGE_KEYS.personalTokens, asOf, items, nextCursor: null });
      return { items, asOf, fromCache: false };
    } catch (error) {
      if (!gotNoAnswer(error)) throw error;
      const cached = this.#o.pages.get(connectionId, PAGE_KEYS.personalTokens);
      if (!cached) {
        throw new AppFailure(
          error.code,
          `${error.message} Your personal tokens have not been saved for offline use yet: the next sync that reaches the server keeps them.`,
          { cause: error },
        );
      }
      // Items written by this app from an answer the shared schema accepted (see PageCache).
      return { items: cached.items as TokenMeta[], asOf: cached.asOf, fromCache: true };
    }
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
