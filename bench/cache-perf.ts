/**
 * The encrypted cache's rows, each beside its floor measured in the same run, through the real core:
 * - full sync into the cache (floor: JSON.stringify + AES-256-GCM both ways + JSON.parse of the same
 *   data) and the bench process's peak RSS while it runs (beside its RSS before);
 * - cold load of the cache until the list data is in hand (same floor), and the heap the core keeps
 *   after it (beside the heap of the list rows it answered);
 * - one-row edit (the enable switch) against the same PATCH with the same HTTP client, and the
 *   longest event-loop stall while edits run (perf_hooks monitorEventLoopDelay) against the stall
 *   around the bare PATCH;
 * - member edit against its PATCH and the group re-read; incremental sync that finds nothing against
 *   the requests it makes;
 * - the longest main-thread stall while the snapshot journal is compacted (in its worker thread),
 *   beside how long the compaction takes: done on the main thread, the stall would be all of it
 *   (compaction-stall.ts, which also runs alone).
 * Figures and floors are medians of several repetitions, so one noisy repetition does not swing a ratio.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AccountRow } from '../src-shared/ipc/models.js';
import { compactionStall } from './compaction-stall.js';
import { connect, ok, openCore, time, type Fixture } from './fixture.js';
import { mb, median, ms, type BenchRow } from './report.js';

function floorRoundTrip(data: unknown): void {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const text = JSON.stringify(data);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  JSON.parse(Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8'));
}

/** A full garbage collection, for the memory rows (exposed at run time: tsx starts node without it). */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const heap = () => {
  collect();
  return process.memoryUsage().heapUsed;
};

/** Full sync, its floor and its peak RSS; then the cold load of the cache it wrote, its time and the heap it keeps. */
export async function cacheRows(fixture: Fixture, runs: number): Promise<BenchRow[]> {
  const { accounts } = fixture;
  // At 100k one sync takes long and the peak RSS is the figure that counts: fewer syncs, floors still repeated.
  const syncRuns = accounts >= 100_000 ? 1 : runs;
  const syncs: number[] = [];
  let peakRss = 0;
  let rssBefore = 0;
  let sameData: unknown = null;
  let last = { dataDir: '', connectionId: '' };
  for (let run = 0; run < syncRuns; run++) {
    const dataDir = join(fixture.work, `full-${run}`);
    const core = await openCore(fixture, dataDir);
    const connectionId = await connect(core, fixture);
    collect();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    syncs.push(await time(() => ok(core, 'sync:run', { connectionId, full: true })));
    clearInterval(sampler);
    if (peak > peakRss) [peakRss, rssBefore] = [peak, before];
    if (run === syncRuns - 1) {
      // The floor's data: what the cache holds, as one JSON document.
      const view = await ok<{ accounts: AccountRow[] }>(core, 'snapshot:get', { connectionId });
      const withTokens = await Promise.all(
        view.accounts.map((a) => ok(core, 'accounts:get', { connectionId, id: a.id })),
      );
      sameData = { ...view, accounts: withTokens };
    }
    await core.dispose();
    last = { dataDir, connectionId };
  }
  const floors: number[] = [];
  for (let i = 0; i < Math.max(runs, 3); i++) floors.push(await time(() => floorRoundTrip(sameData)));
  sameData = null;
  const floor = median(floors);
  const sync = median(syncs);

  // Cold load: a new core over the same folder, as at app start, until the list data is in hand.
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    loads.push(
      await time(async () => {
        const cold = await openCore(fixture, last.dataDir);
        const view = await ok<{ accounts: unknown[] }>(cold, 'snapshot:get', { connectionId: last.connectionId });
        if (view.accounts.length !== accounts) throw new Error('cold load returned the wrong data');
        await cold.dispose();
      }),
    );
  }
  const load = median(loads);

  // The heap a cold core keeps once the list is answered, beside the heap of the list rows alone: a
  // copy of them, as the renderer holds them after IPC (the answer itself shares the core's rows).
  const base = heap();
  const cold = await openCore(fixture, last.dataDir);
  const listRows = await (async () => {
    const view = await ok<{ accounts: unknown[] }>(cold, 'snapshot:get', { connectionId: last.connectionId });
    if (view.accounts.length !== accounts) throw new Error('cold load returned the wrong data');
    const before = heap();
    const copy = structuredClone(view.accounts);
    const bytes = heap() - before;
    return copy.length > 0 ? bytes : 0; // the copy is alive until here
  })();
  const kept = heap() - base;
  await cold.dispose();

  const compaction = await compactionStall(fixture, runs);

  return [
    {
      what: 'full sync into the encrypted cache',
      figure: ms(sync),
      floor: `stringify + AES-GCM + parse ${ms(floor)}`,
      ratio: sync / floor,
      goal: '≤ 2× floor',
      met: sync <= 2 * floor,
      curve: true,
    },
    {
      what: 'peak RSS of a full sync',
      figure: mb(peakRss),
      floor: `RSS before it ${mb(rssBefore)}`,
      ratio: peakRss / rssBefore,
      goal: '≤ 1 GB',
      met: peakRss <= 1e9,
      curve: true,
    },
    {
      what: 'cold cache load to the list data',
      figure: ms(load),
      floor: `stringify + AES-GCM + parse ${ms(floor)}`,
      ratio: load / floor,
      goal: '≤ 1× floor',
      met: load <= floor,
    },
    {
      what: 'heap kept after a cold load',
      figure: mb(kept),
      floor: `a copy of the list rows ${mb(listRows)}`,
      ratio: kept / listRows,
      goal: '≤ 2× the list rows (only what the list needs)',
      met: kept <= 2 * listRows,
      curve: true,
    },
    {
      what: 'longest main-thread stall during a journal compaction',
      figure: ms(compaction.stall),
      floor: `the compaction ${ms(compaction.took)} (base ${mb(compaction.baseBytes)})`,
      ratio: compaction.stall / compaction.took,
      goal: '≤ 16 ms (it runs in a worker)',
      met: compaction.stall <= 16,
    },
  ];
}
