import type { z } from 'zod';
import type { CreateServiceAccountBody, PatchServiceAccountBody } from '../../src-shared/api/service-accounts.js';
import { meActor } from '../../src-shared/api/me.js';
import { canManageTokens } from '../../src-shared/authz.js';
import type { AccountDetail } from '../../src-shared/ipc/models.js';
import { ensureDeleted } from './api-client.js';
import { endpointOf, type Endpoint, type ServiceDeps } from './endpoint.js';
import type { AccountTokens } from './token-index.js';
import type { SyncService } from './sync.js';

export interface AccountServiceOptions extends ServiceDeps {
  sync: SyncService;
}

/** The bodies as the IPC schemas hand them over (defaults filled in). */
export type CreateInput = z.output<typeof CreateServiceAccountBody>;
export type PatchInput = z.output<typeof PatchServiceAccountBody>;

/**
 * Creating, changing and deleting service accounts: the server does it (its refusals come back as
 * they are: code, message and status), then the cached snapshot is changed to match without a sync.
 * Nothing is retried but DELETE (the API client retries idempotent methods only).
 */
export class AccountService {
  readonly #o: AccountServiceOptions;

  constructor(options: AccountServiceOptions) {
    this.#o = options;
  }

  async create(connectionId: string, input: CreateInput): Promise<AccountDetail> {
    const { target, domain, still } = this.#endpoint(connectionId);
    const row = await this.#o.api.call(target, 'createServiceAccount', {
      params: { domain },
      body: input,
      signal: this.#o.signal,
    });
    // A new account has no tokens; null instead when this admin may not see them (as sync stores it).
    const me = this.#o.sync.snapshot(connectionId)?.me;
    const tokens: AccountTokens = !me || canManageTokens(meActor(me), row).allowed ? [] : null;
    if (still()) this.#o.sync.edit(connectionId, { kind: 'put', row, tokens });
    return { ...row, tokens };
  }

  async update(connectionId: string, id: string, patch: PatchInput): Promise<AccountDetail> {
    const { target, domain, still } = this.#endpoint(connectionId);
    const row = await this.#o.api.call(target, 'updateServiceAccount', {
      params: { domain, id },
      body: patch,
      signal: this.#o.signal,
    });
    if (!still()) return { ...row, tokens: null };
    // The tokens are not changed by an edit of the account: the snapshot keeps the ones it has.
    this.#o.sync.edit(connectionId, { kind: 'put', row });
    return this.#o.sync.account(connectionId, id) ?? { ...row, tokens: null };
  }

  async remove(connectionId: string, id: string): Promise<void> {
    const { target, domain, still } = this.#endpoint(connectionId);
    await ensureDeleted(() =>
      this.#o.api.call(target, 'deleteServiceAccount', { params: { domain, id }, signal: this.#o.signal }),
    );
    if (still()) this.#o.sync.edit(connectionId, { kind: 'remove', id });
  }

  #endpoint(connectionId: string): Endpoint {
    return endpointOf(this.#o.connections, connectionId);
  }
}
