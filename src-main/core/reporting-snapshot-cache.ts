import type { SnapshotChanged } from '../../src-shared/ipc/models.js';
import type { CachedSnapshot } from '../services/snapshot.js';
import { SnapshotCache } from '../services/snapshot-cache.js';
import type { SnapshotEdit } from '../services/snapshot-edit.js';
import type { SnapshotStore } from '../services/cache-files.js';

/** One change of a connection's snapshot: which accounts (null: possibly all) and whether the directory. */
type Change = { ids: readonly string[] | null; directory: boolean };

const WHOLE: Change = { ids: null, directory: true };

/**
 * The snapshot cache, telling the renderer whenever a connection's snapshot changes, so that it can
 * patch what it shows instead of reading the whole list again. Every way the cache changes goes
 * through one of the methods below: a sync's `replace`, an `edit` the server confirmed (`changed`), a
 * `restrict` to new rights, `setAside` and `drop`. A sync that found nothing new (`touch`) changes no
 * row, and is not announced.
 *
 * The changes of one turn of the event loop are sent as one `snapshot:changed` per connection: a
 * member change re-reads every group, which is one event, not one per group. Each connection's
 * events are numbered from 1, so a renderer that sees a gap knows it missed one and reads all again.
 */
export class ReportingSnapshotCache extends SnapshotCache {
  readonly #emit: (event: SnapshotChanged) => void;
  readonly #versions = new Map<string, number>();
  readonly #pending = new Map<string, { ids: Set<string> | null; directory: boolean }>();

  constructor(makeStore: (connectionId: string) => SnapshotStore, emit: (event: SnapshotChanged) => void) {
    super(makeStore);
    this.#emit = emit;
  }

  override replace(connectionId: string, snapshot: CachedSnapshot, since?: number): CachedSnapshot {
    const saved = super.replace(connectionId, snapshot, since);
    this.#note(connectionId, WHOLE);
    return saved;
  }

  protected override changed(connectionId: string, edits: readonly SnapshotEdit[]): void {
    // Before the write: a write that fails still changed the copy in memory, which the app shows.
    for (const edit of edits) this.#note(connectionId, changeOf(edit));
  }

  override restrict(connectionId: string, restrict: (snapshot: CachedSnapshot) => CachedSnapshot): void {
    const before = this.get(connectionId);
    super.restrict(connectionId, restrict);
    if (this.get(connectionId) !== before) this.#note(connectionId, WHOLE);
  }

  override setAside(connectionId: string): string {
    const message = super.setAside(connectionId);
    this.#note(connectionId, WHOLE);
    return message;
  }

  override drop(connectionId: string): void {
    super.drop(connectionId);
    this.#note(connectionId, WHOLE);
  }

  #note(connectionId: string, change: Change): void {
    let pending = this.#pending.get(connectionId);
    if (!pending) {
      pending = { ids: new Set(), directory: false };
      this.#pending.set(connectionId, pending);
      queueMicrotask(() => this.#flush(connectionId));
    }
    if (change.ids === null) pending.ids = null;
    else for (const id of change.ids) pending.ids?.add(id);
    pending.directory ||= change.directory;
  }

  #flush(connectionId: string): void {
    const pending = this.#pending.get(connectionId);
    if (!pending) return;
    this.#pending.delete(connectionId);
    const version = (this.#versions.get(connectionId) ?? 0) + 1;
    this.#versions.set(connectionId, version);
    this.#emit({
      connectionId,
      version,
      changedIds: pending.ids === null ? null : [...pending.ids],
      directoryChanged: pending.directory,
    });
  }
}

function changeOf(edit: SnapshotEdit): Change {
  switch (edit.kind) {
    case 'put':
      return { ids: [edit.row.id], directory: false };
    case 'remove':
      return { ids: [edit.id], directory: false };
    // Not a list the renderer can read back on its own: it reads the snapshot again (a rare change).
    case 'token-policy':
      return WHOLE;
    default:
      return { ids: [], directory: true };
  }
}
