/**
 * The compaction row of cache-perf.ts: the longest main-thread stall while the snapshot journal is
 * compacted (in its worker thread), beside how long the compaction takes. It needs no server, so it
 * also runs alone, at the sizes of bench/args.ts (`npx tsx bench/compaction-stall.ts`, with
 * BENCH_ACCOUNTS, BENCH_TOKENS, BENCH_RUNS), e.g. under `node --cpu-prof --import tsx`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { SnapshotCache } from '../src-main/services/snapshot-cache.js';
import { accountRow } from '../src-main/services/snapshot-rows.js';
import { journalStore, versionEdit } from '../src-main/services/test-support/crash-writer.js';
import { makeSnapshot } from '../src-main/services/test-support/snapshots.js';
import { parseBenchOptions } from './args.js';
import { mb, median, ms } from './report.js';

export interface CompactionStall {
  /** Median of the longest stalls, of the compactions' lengths; the base's size. */
  stall: number;
  took: number;
  baseBytes: number;
}

/**
 * A snapshot of `accounts` accounts in a journaled store that compacts on its first edit; a 16 ms
 * timer runs while the worker compacts, and its longest wait past its due time is the stall. Medians
 * over `runs`. The store's folders go under `work`.
 */
export async function compactionStall(
  size: { accounts: number; tokens: number; work: string },
  runs: number,
): Promise<CompactionStall> {
  const stalls: number[] = [];
  const tooks: number[] = [];
  let baseBytes = 0;
  for (let run = 0; run < runs; run++) {
    const dir = join(size.work, `compaction-${run}`);
    mkdirSync(dir);
    const store = journalStore(dir, randomBytes(32), 1);
    const cache = new SnapshotCache(() => store);
    cache.replace('crash', makeSnapshot('crash', size.accounts, size.tokens, '1'));
    baseBytes = statSync(store.basePath).size;
    const snapshot = cache.get('crash')!;
    // The rows' id index is built by the first lookup after a load or sync, once, whatever the edit:
    // in the app a journal reaches its compaction after many edits, so it is built long before.
    accountRow(snapshot, snapshot.accounts[1]!.id);
    let last = performance.now();
    let stall = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      stall = Math.max(stall, now - last);
      last = now;
    }, 16);
    const start = performance.now();
    last = start;
    cache.edit('crash', versionEdit(snapshot, 2));
    await store.compacted();
    const end = performance.now();
    clearInterval(timer);
    // A tick is due every 16 ms: the stall is how much later than that the longest wait was.
    stalls.push(Math.max(0, Math.max(stall, end - last) - 16));
    tooks.push(end - start);
    rmSync(dir, { recursive: true, force: true });
  }
  return { stall: median(stalls), took: median(tooks), baseBytes };
}

async function main(): Promise<void> {
  const { sizes, tokens, runs } = parseBenchOptions(process.argv.slice(2), process.env);
  const work = mkdtempSync(join(tmpdir(), 'tokendesk-compaction-'));
  try {
    for (const accounts of sizes) {
      const { stall, took, baseBytes } = await compactionStall({ accounts, tokens, work }, runs);
      console.log(
        `${accounts} accounts × ${tokens} tokens: longest stall ${ms(stall)}, the compaction ${ms(took)} (base ${mb(baseBytes)}), medians of ${runs}`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
