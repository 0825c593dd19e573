/**
 * Child process for the crash tests: writes in a loop, printing `saved <version>` after each write
 * that completed. The parent SIGKILLs it at random moments. Stops by itself after a few seconds so a
 * test that fails to kill it leaves nothing running.
 * - `whole`: whole snapshots of different versions and sizes (the base file's atomic replace);
 * - `journal`: edits of one account (its description is the version), appended to the journal, with
 *   a journal this small that a compaction (in its worker) is nearly always running, so edits are
 *   appended while one runs; prints `compacting` / `compacted` when that changes.
 */
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import type { BackgroundRemover } from '../atomic-file.js';
import { openCacheStores } from '../cache-files.js';
import { JournaledFileStore } from '../journaled-file-store.js';
import { SealedFileStore } from '../sealed-file-store.js';
import { parseSnapshot, snapshotParts, type CachedSnapshot } from '../snapshot.js';
import { SnapshotCache } from '../snapshot-cache.js';
import { applyEdits, type SnapshotEdit } from '../snapshot-edit.js';
import { makeSnapshot } from './snapshots.js';

export const accountsForVersion = (version: number): number => 200 + (version % 7) * 60;

/**
 * The journal store as the app builds it, with compaction after `compactMinBytes` (for the crash
 * test), and the files a compaction replaces freed by `removeInBackground` (default: the app's).
 */
export function journalStore(
  dir: string,
  key: Buffer,
  compactMinBytes?: number,
  removeInBackground?: BackgroundRemover,
): JournaledFileStore<CachedSnapshot, SnapshotEdit> {
  return new JournaledFileStore<CachedSnapshot, SnapshotEdit>({
    base: new SealedFileStore({
      dir,
      name: 'crash',
      extension: 'cache',
      kind: 'snapshot',
      key,
      parse: parseSnapshot,
      serialize: snapshotParts,
    }),
    dir,
    name: 'crash',
    key,
    replay: (snapshot, edits) => void applyEdits(snapshot, edits),
    codec: 'snapshot',
    compactMinBytes,
    compactShare: 0,
    removeInBackground,
  });
}

/** The edit the journal writer makes for `version`. */
export function versionEdit(snapshot: CachedSnapshot, version: number): SnapshotEdit {
  const row: AccountRow = { ...snapshot.accounts[1]!, description: `v${version}` };
  return { kind: 'put', row };
}

const [dir, keyHex, startText, mode = 'whole'] = process.argv.slice(2);
if (dir && keyHex && startText) {
  const key = Buffer.from(keyHex, 'hex');
  const deadline = Date.now() + 5_000;
  if (mode === 'journal') {
    void (async () => {
      const store = journalStore(dir, key, 8 * 1024);
      const cache = new SnapshotCache(() => store);
      if (!cache.get('crash')) cache.replace('crash', makeSnapshot('crash', 50, 3, startText));
      process.stdout.write('ready\n');
      let compacting = false;
      for (let version = Number(startText); Date.now() < deadline; version++) {
        cache.edit('crash', versionEdit(cache.get('crash')!, version));
        // Whether a worker compaction is running as this edit is confirmed (the kill may land in it).
        process.stdout.write(`saved ${version}\n`);
        if (store.compacting !== compacting) {
          compacting = store.compacting;
          process.stdout.write(compacting ? 'compacting\n' : 'compacted\n');
        }
        // The event loop turns between edits, as in the app: a compaction's answer is taken in.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
  } else {
    const store = openCacheStores({ dir, key, persistent: true }).snapshot('crash');
    store.load();
    process.stdout.write('ready\n');
    for (let version = Number(startText); Date.now() < deadline; version++) {
      store.save(makeSnapshot('crash', accountsForVersion(version), 3, String(version)));
      process.stdout.write(`saved ${version}\n`);
    }
  }
}
