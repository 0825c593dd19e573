import type { z } from 'zod';
import type { Bundle, CreateBundleBody, GrantedBundles, PatchBundleBody } from '../../src-shared/api/bundles.js';
import { ensureDeleted } from './api-client.js';
import { endpointOf, type ServiceDeps } from './endpoint.js';
import type { SnapshotEdit } from './snapshot-edit.js';
import type { SyncService } from './sync.js';

export interface BundleServiceOptions extends ServiceDeps {
  sync: SyncService;
}

/** The bodies as the IPC schemas hand them over (defaults filled in). */
export type CreateBundleInput = z.output<typeof CreateBundleBody>;
export type PatchBundleInput = z.output<typeof PatchBundleBody>;

/**
 * The domain's bundles (custom roles) and their grants to people and groups, as DirectoryService does
 * members and groups: the server makes the change (its refusals come back as they are, and a refused
 * change leaves the cache alone), then the cached lists are changed to match with one small write,
 * without a sync.
 *
 * A change can move the caller's own permissions (a bundle they hold through themselves or a group is
 * edited, deleted or granted): `/me` then no longer says what they may do, so a sync is started in the
 * background to read it again (a change of rights re-syncs in full, see sameAccess).
 */
export class BundleService {
  readonly #o: BundleServiceOptions;

  constructor(options: BundleServiceOptions) {
    this.#o = options;
  }

  /** The cached bundles (empty before the first sync, or when the caller may not read members). */
  list(connectionId: string): Bundle[] {
    return this.#o.sync.snapshot(connectionId)?.bundles ?? [];
  }

  async create(connectionId: string, input: CreateBundleInput): Promise<Bundle> {
    const { target, domain, still } = this.#endpoint(connectionId);
    const bundle = await this.#o.api.call(target, 'createBundle', {
      params: { domain },
      body: input,
      signal: this.#o.signal,
    });
    // A new bundle is held by no one yet: the caller's rights stay as they are.
    if (still()) this.#o.sync.edit(connectionId, { kind: 'bundle-put', bundle });
    return bundle;
  }

  async update(connectionId: string, name: string, patch: PatchBundleInput): Promise<Bundle> {
    const { target, domain, still } = this.#endpoint(connectionId);
    const mine = this.#callerHolds(connectionId, name);
    const bundle = await this.#o.api.call(target, 'updateBundle', {
      params: { domain, name },
      body: patch,
      signal: this.#o.signal,
    });
    this.#apply(connectionId, still, { kind: 'bundle-put', bundle }, mine && patch.permissions !== undefined);
    return bundle;
  }

  async remove(connectionId: string, name: string): Promise<void> {
    const { target, domain, still } = this.#endpoint(connectionId);
    const mine = this.#callerHolds(connectionId, name);
    await ensureDeleted(() =>
      this.#o.api.call(target, 'deleteBundle', { params: { domain, name }, signal: this.#o.signal }),
    );
    this.#apply(connectionId, still, { kind: 'bundle-remove', name }, mine);
  }

  /** Sets the bundles granted to one person (member.manage): the whole new set. */
  async setMemberBundles(connectionId: string, id: string, bundles: string[]): Promise<GrantedBundles> {
    const { target, domain, still } = this.#endpoint(connectionId);
    const granted = await this.#o.api.call(target, 'setMemberBundles', {
      params: { domain, id },
      body: { bundles },
      signal: this.#o.signal,
    });
    const mine = this.#o.sync.snapshot(connectionId)?.me.id === id;
    this.#apply(connectionId, still, { kind: 'member-bundles', id, bundles: granted.bundles }, mine);
    return granted;
  }

  /** Sets the bundles granted to one group (member.manage): every person in it holds them. */
  async setGroupBundles(connectionId: string, name: string, bundles: string[]): Promise<GrantedBundles> {
    const { target, domain, still } = this.#endpoint(connectionId);
    const granted = await this.#o.api.call(target, 'setGroupBundles', {
      params: { domain, name },
      body: { bundles },
      signal: this.#o.signal,
    });
    const mine = this.#o.sync.snapshot(connectionId)?.me.groups.includes(name) ?? false;
    this.#apply(connectionId, still, { kind: 'group-bundles', name, bundles: granted.bundles }, mine);
    return granted;
  }

  /** The confirmed change into the cache; when it may have moved the caller's rights, a sync reads /me again. */
  #apply(connectionId: string, still: () => boolean, edit: SnapshotEdit, movesMyRights: boolean): void {
    if (!still()) return;
    this.#o.sync.edit(connectionId, edit);
    if (movesMyRights) this.#o.sync.start(connectionId);
  }

  /** Whether the caller holds the bundle, directly or through a group (as the cache last saw it). */
  #callerHolds(connectionId: string, name: string): boolean {
    const snapshot = this.#o.sync.snapshot(connectionId);
    if (!snapshot) return false;
    const me = snapshot.members.find((m) => m.id === snapshot.me.id);
    return (
      (me?.bundles.includes(name) ?? false) ||
      snapshot.groups.some((g) => snapshot.me.groups.includes(g.name) && g.bundles.includes(name))
    );
  }

  #endpoint(connectionId: string) {
    return endpointOf(this.#o.connections, connectionId);
  }
}
