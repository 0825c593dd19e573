import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotCache } from './snapshot-cache.js';
import { journalStore, versionEdit } from './test-support/crash-writer.js';
import { makeSnapshot } from './test-support/snapshots.js';
import { tempDir } from './test-support/temp-dir.js';

describe('journal compaction in a worker thread', () => {
  let dir: { path: string; cleanup: () => void };
  beforeEach(() => {
    dir = tempDir('compaction');
  });
  afterEach(() => dir.cleanup());

  it('the main thread keeps answering while a 40 MB base is compacted', { timeout: 120_000 }, async () => {
    const key = randomBytes(32);
    // Compacts on the first edit (any journal passes a share of 0 of the base).
    const store = journalStore(dir.path, key, 1);
    const cache = new SnapshotCache(() => store);
    cache.replace('crash', makeSnapshot('crash', 18_000, 5, '1'));
    const base = statSync(store.basePath, { bigint: true });
    expect(Number(base.size)).toBeGreaterThan(40e6);

    // A timer that should fire every 16 ms, as a frame would; every gap between its ticks is recorded.
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 16);
    const start = performance.now();
    ticks.push(start);
    cache.edit('crash', versionEdit(cache.get('crash')!, 2));
    expect(store.compacting).toBe(true);
    await store.compacted();
    const end = performance.now();
    clearInterval(timer);
    ticks.push(end);

    // The compaction happened: a new base, no journal, the edit in it.
    expect(statSync(store.basePath, { bigint: true }).mtimeNs).not.toBe(base.mtimeNs);
    expect(readdirSync(dir.path)).toEqual(['crash.cache']);
    expect(new SnapshotCache(() => journalStore(dir.path, key, 1)).get('crash')!.accounts[1]!.description).toBe('v2');

    // Ratios, not times (the machine may be busy): done on the main thread, the compaction would be
    // one gap as long as the whole of it; off it, the timer keeps firing all along.
    const gaps = ticks.slice(1).map((t, i) => t - ticks[i]!);
    const longest = Math.max(...gaps);
    const took = end - start;
    expect(ticks.length, `${ticks.length} ticks in ${took.toFixed(0)} ms`).toBeGreaterThan(10);
    expect(longest, `longest gap ${longest.toFixed(0)} ms of ${took.toFixed(0)} ms`).toBeLessThan(took / 4);
  });
});
