import type { z } from 'zod';
import type {
  CreatedMember,
  CreateGroupBody,
  CreateMemberBody,
  Group,
  Member,
  PatchGroupBody,
  PatchMemberBody,
} from '../../src-shared/api/directory.js';
import { ensureDeleted } from './api-client.js';
import { endpointOf, type ServiceDeps } from './endpoint.js';
import type { SyncService } from './sync.js';

export interface DirectoryServiceOptions extends ServiceDeps {
  sync: SyncService;
}

/** The bodies as the IPC schemas hand them over (defaults filled in). */
export type CreateMemberInput = z.output<typeof CreateMemberBody>;
export type PatchMemberInput = z.output<typeof PatchMemberBody>;
export type CreateGroupInput = z.output<typeof CreateGroupBody>;
export type PatchGroupInput = z.output<typeof PatchGroupBody>;

/**
 * The domain's members and groups: the server makes the change (its refusals come back as they
 * are), then the cached lists are changed to match without a sync. POST and PATCH are never retried
 * (the API client retries idempotent methods only); a retried DELETE that finds nothing is done.
 *
 * Secrets: members:create answers the new member's first personal token's secret. It goes straight
 * back to the caller; the cache gets the member only.
 */
export class DirectoryService {
  readonly #o: DirectoryServiceOptions;

  constructor(options: DirectoryServiceOptions) {
    this.#o = options;
  }

  /** The cached members (empty before the first sync, or when the caller may not read them). */
  members(connectionId: string): Member[] {
    return this.#o.sync.snapshot(connectionId)?.members ?? [];
  }

  /** The cached groups (empty before the first sync, or when the caller may not read them). */
  groups(connectionId: string): Group[] {
    return this.#o.sync.snapshot(connectionId)?.groups ?? [];
  }

  async createMember(connectionId: string, input: CreateMemberInput): Promise<CreatedMember> {
    const { target, domain, still } = this.#endpoint(connectionId);
    const created = await this.#o.api.call(target, 'createMember', {
      params: { domain },
      body: input,
      signal: this.#o.signal,
    });
    if (still()) this.#o.sync.edit(connectionId, { kind: 'member-put', member: created.member });
    await this.#refreshGroupCounts(connectionId, target, domain, still);
    return created;
  }

  async updateMember(connectionId: string, id: string, patch: PatchMemberInput): Promise<Member> {
    const { target, domain, still } = this.#endpoint(connectionId);
    const member = await this.#o.api.call(target, 'updateMember', {
      params: { domain, id },
      body: patch,
      signal: this.#o.signal,
    });
    if (still()) this.#o.sync.edit(connectionId, { kind: 'member-put', member });
    await this.#refreshGroupCounts(connectionId, target, domain, still);
    return member;
  }

  async removeMember(connectionId: string, id: string): Promise<void> {
    const { target, domain, still } = this.#endpoint(connectionId);
    await ensureDeleted(() =>
      this.#o.api.call(target, 'deleteMember', { params: { domain, id }, signal: this.#o.signal }),
    );
    if (still()) this.#o.sync.edit(connectionId, { kind: 'member-remove', id });
    await this.#refreshGroupCounts(connectionId, target, domain, still);
  }

  async createGroup(connectionId: string, input: CreateGroupInput): Promise<Group> {
    const { target, domain, still } = this.#endpoint(connectionId);
    const group = await this.#o.api.call(target, 'createGroup', {
      params: { domain },
      body: input,
      signal: this.#o.signal,
    });
    if (still()) this.#o.sync.edit(connectionId, { kind: 'group-put', group });
    return group;
  }

  async updateGroup(connectionId: string, name: string, patch: PatchGroupInput): Promise<Group> {
    const { target, domain, still } = this.#endpoint(connectionId);
    const group = await this.#o.api.call(target, 'updateGroup', {
      params: { domain, name },
      body: patch,
      signal: this.#o.signal,
    });
    if (still()) this.#o.sync.edit(connectionId, { kind: 'group-put', group });
    return group;
  }

  async removeGroup(connectionId: string, name: string): Promise<void> {
    const { target, domain, still } = this.#endpoint(connectionId);
    await ensureDeleted(() =>
      this.#o.api.call(target, 'deleteGroup', { params: { domain, name }, signal: this.#o.signal }),
    );
    if (still()) this.#o.sync.edit(connectionId, { kind: 'group-remove', name });
  }

  /**
   * A member change moves the member counts of their groups: re-read the groups so the cached counts
   * are right at once. Best effort — the change itself succeeded; the next sync corrects a failure.
   */
  async #refreshGroupCounts(
    connectionId: string,
    target: { url: string; token: string },
    domain: string,
    still: () => boolean,
  ): Promise<void> {
    try {
      const groups = await this.#o.api.call(target, 'listGroups', { params: { domain }, signal: this.#o.signal });
      if (!still()) return;
      for (const group of groups.items) this.#o.sync.edit(connectionId, { kind: 'group-put', group });
    } catch {
      // Counts stay as they were until the next sync.
    }
  }

  #endpoint(connectionId: string) {
    return endpointOf(this.#o.connections, connectionId);
  }
}
