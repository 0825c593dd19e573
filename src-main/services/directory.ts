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
import type { SnapshotEdit } from './snapshot-edit.js';
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
    await this.#withGroupCounts(connectionId, target, domain, still, { kind: 'member-put', member: created.member });
    return created;
  }

  async updateMember(connectionId: string, id: string, patch: PatchMemberInput): Promise<Member> {
    const { target, domain, still } = this.#endpoint(connectionId);
    const member = await this.#o.api.call(target, 'updateMember', {
      params: { domain, id },
      body: patch,
      signal: this.#o.signal,
    });
    await this.#withGroupCounts(connectionId, target, domain, still, { kind: 'member-put', member });
    return member;
  }

  async removeMember(connectionId: string, id: string): Promise<void> {
    const { target, domain, still } = this.#endpoint(connectionId);
    await ensureDeleted(() =>
      this.#o.api.call(target, 'deleteMember', { params: { domain, id }, signal: this.#o.signal }),
    );
    await this.#withGroupCounts(connectionId, target, domain, still, { kind: 'member-remove', id });
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
   * A member change moves the member counts of their groups: the groups are re-read so the cached
   * counts are right at once, and the member change and the groups go to the cache together, as one
   * write (one journal record, not one per group). The re-read is best effort — the change itself
   * succeeded; when it fails the counts stay as they were until the next sync.
   */
  async #withGroupCounts(
    connectionId: string,
    target: { url: string; token: string },
    domain: string,
    still: () => boolean,
    change: SnapshotEdit,
  ): Promise<void> {
    let groups: Group[] = [];
    try {
      groups = (await this.#o.api.call(target, 'listGroups', { params: { domain }, signal: this.#o.signal })).items;
    } catch {
      // The member change is cached alone.
    }
    if (!still()) return;
    this.#o.sync.edit(connectionId, [change, ...groups.map((group) => ({ kind: 'group-put' as const, group }))]);
  }

  #endpoint(connectionId: string) {
    return endpointOf(this.#o.connections, connectionId);
  }
}
