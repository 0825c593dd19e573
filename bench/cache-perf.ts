/**
 * The encrypted cache's rows of the benchmark, each beside its floor measured in the same run:
 * - full sync into the cache (floor: JSON.stringify + AES-256-GCM both ways + JSON.parse of the same data);
 * - one-row edit (the enable switch) through the core (floor: the same PATCH with the same HTTP client),
 *   and the longest event-loop stall while edits run (perf_hooks monitorEventLoopDelay);
 * - member edit through the core (floor: its PATCH and the group re-read, same client);
 * - incremental sync that finds nothing (floor: the requests it makes, same client);
 * - with `--big` (or BENCH_BIG=1): 100,000 accounts, the peak RSS of a full sync and the heap a cold
 *   load keeps.
 * Floors and figures are medians of several repetitions, so one noisy repetition does not swing a ratio.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCore, type Core } from '../src-main/core.js';
import { ApiClient, type ApiTarget } from '../src-main/services/api-client.js';
import { fetchCallerAndDirectory } from '../src-main/services/caller-and-directory.js';
import { NodeKeyring } from '../src-main/services/node-keyring.js';
import { seedDemo } from '../src-server/demo.js';
import type { AccountRow } from '../src-shared/ipc/models.js';
import { startServerProcess } from './server-process.js';

export interface CacheRow {
  what: string;
  figure: string;
  floor: string;
  ratio: string;
  goal: string;
  met: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function ok<T>(core: Core, channel: string, request?: unknown): Promise<T> {
  const result = await core.handle(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

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

const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (x: number) => `${(x / 1e6).toFixed(0)} MB`;

interface Fixture {
  work: string;
  url: string;
  token: string;
  keychainDir: string;
  stop: () => void;
}

async function seeded(accounts: number, tokens: number): Promise<Fixture> {
  const work = mkdtempSync(join(tmpdir(), 'tokendesk-cache-bench-'));
  const keychainDir = join(work, 'keychain');
  mkdirSync(keychainDir);
  const serverDir = join(work, 'server');
  const { adminToken } = seedDemo(serverDir, { accounts, tokensPerAccount: tokens });
  const server = await startServerProcess(serverDir);
  return { work, url: server.url, token: adminToken!, keychainDir, stop: () => server.stop() };
}

async function openCore(fixture: Fixture, dataDir: string): Promise<Core> {
  return createCore({
    dataDir,
    keyring: new NodeKeyring({ dir: fixture.keychainDir }),
    emit: () => {},
    appVersion: 'bench',
    platform: process.platform,
  });
}

async function connect(core: Core, fixture: Fixture): Promise<string> {
  const connection = await ok<{ id: string }>(core, 'connections:add', {
    name: 'bench',
    url: fixture.url,
    domain: 'default',
    token: fixture.token,
  });
  await ok(core, 'sync:run', { connectionId: connection.id });
  return connection.id;
}

/** Full sync, its floor, and (at `--big` sizes) its peak RSS. */
async function fullSyncRows(fixture: Fixture, accounts: number, runs: number): Promise<CacheRow[]> {
  const syncs: number[] = [];
  const floors: number[] = [];
  let peakRss = 0;
  for (let run = 0; run < runs; run++) {
    const core = await openCore(fixture, join(fixture.work, `full-${accounts}-${run}`));
    const connectionId = await connect(core, fixture);
    collect();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    syncs.push(await time(() => ok(core, 'sync:run', { connectionId, full: true })));
    clearInterval(sampler);
    peakRss = Math.max(peakRss, peak);
    const view = await ok<{ accounts: AccountRow[] }>(core, 'snapshot:get', { connectionId });
    const withTokens = await Promise.all(
      view.accounts.map((a) => ok(core, 'accounts:get', { connectionId, id: a.id })),
    );
    const sameData = { ...view, accounts: withTokens };
    floors.push(await time(() => floorRoundTrip(sameData)));
    await core.dispose();
  }
  const sync = median(syncs);
  const floor = median(floors);
  const rows: CacheRow[] = [
    {
      what: `full sync, ${accounts} accounts`,
      figure: ms(sync),
      floor: ms(floor),
      ratio: `${(sync / floor).toFixed(2)}×`,
      goal: '≤ 2× floor',
      met: sync <= 2 * floor,
    },
  ];
  if (accounts >= 100_000) {
    rows.push({
      what: `peak RSS of a full sync, ${accounts}`,
      figure: mb(peakRss),
      floor: '—',
      ratio: '—',
      goal: '≤ 1 GB',
      met: peakRss <= 1e9,
    });
  }
  return rows;
}

/** The heap a cold load of a large cache keeps, with the list data in hand. */
async function coldLoadMemoryRow(fixture: Fixture, accounts: number): Promise<CacheRow> {
  const dataDir = join(fixture.work, `cold-${accounts}`);
  const core = await openCore(fixture, dataDir);
  const connectionId = await connect(core, fixture);
  await core.dispose();
  collect();
  const before = process.memoryUsage().heapUsed;
  const cold = await openCore(fixture, dataDir);
  const view = await ok<{ accounts: unknown[] }>(cold, 'snapshot:get', { connectionId });
  collect();
  const kept = process.memoryUsage().heapUsed - before;
  if (view.accounts.length !== accounts) throw new Error('cold load returned the wrong data');
  await cold.dispose();
  return {
    what: `heap kept by a cold load, ${accounts}`,
    figure: mb(kept),
    floor: '—',
    ratio: '—',
    goal: 'only what the list needs (reported, not checked)',
    met: true,
  };
}

/** The one-row edit, the member edit and the no-change sync, each against its HTTP calls alone. */
async function editRows(fixture: Fixture, accounts: number, runs: number): Promise<CacheRow[]> {
  const core = await openCore(fixture, join(fixture.work, `edits-${accounts}`));
  const connectionId = await connect(core, fixture);
  const view = await ok<{ accounts: AccountRow[] }>(core, 'snapshot:get', { connectionId });
  // The demo admin may change only the accounts of its own group (the same-group rule).
  const editable = view.accounts.filter((a) => a.groups.includes('admins'));
  const members = await ok<{ id: string; name: string }[]>(core, 'members:list', { connectionId });
  // Idle sockets are dropped before the server's keep-alive ends, so a PATCH (never retried) never meets a closed one.
  const client = new ApiClient({ keepAliveTimeoutMs: 2_000 });
  const target: ApiTarget = { url: fixture.url, token: fixture.token };
  const domain = 'default';
  // A GET (retried if its kept-alive socket was closed meanwhile, as a PATCH is not) just before each
  // timed PATCH: the old code blocks this thread long enough for the server to close an idle socket.
  const fresh = () => client.call(target, 'getMe', {});
  const reps = Math.max(runs * 3, 9);

  const edits: number[] = [];
  const patches: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  // The same measure around the bare PATCH: on a loaded machine the process itself is descheduled.
  const loopFloor = monitorEventLoopDelay({ resolution: 1 });
  for (let i = 0; i < reps; i++) {
    const account = editable[(i * 7919) % editable.length]!;
    const patch = { enabled: i % 2 === 0 };
    await fresh();
    loopFloor.enable();
    patches.push(
      await time(() =>
        client.call(target, 'updateServiceAccount', { params: { domain, id: account.id }, body: patch }),
      ),
    );
    loopFloor.disable();
    loop.enable();
    edits.push(
      await time(() => ok(core, 'accounts:update', { connectionId, id: account.id, patch: { enabled: i % 2 === 1 } })),
    );
    loop.disable();
  }
  // The longest stall (max), and a p99 that one descheduling of the process does not set alone.
  const stallMs = loop.max / 1e6;
  const stallP99 = loop.percentile(99) / 1e6;
  const floorStallMs = loopFloor.max / 1e6;

  const memberEdits: number[] = [];
  const memberHttp: number[] = [];
  // Not the admin: it is the last one who may manage members, and the server refuses to demote it.
  const member = members.find((m) => m.name !== 'admin');
  if (member) {
    for (let i = 0; i < reps; i++) {
      await fresh();
      memberHttp.push(
        await time(async () => {
          await client.call(target, 'updateMember', {
            params: { domain, id: member.id },
            body: { roles: i % 2 ? ['Viewer'] : ['Deployment'] },
          });
          await client.call(target, 'listGroups', { params: { domain } });
        }),
      );
      memberEdits.push(
        await time(() =>
          ok(core, 'members:update', {
            connectionId,
            id: member.id,
            patch: { roles: i % 2 ? ['Deployment'] : ['Viewer'] },
          }),
        ),
      );
    }
  }

  const idle: number[] = [];
  const idleHttp: number[] = [];
  await ok(core, 'sync:run', { connectionId });
  for (let i = 0; i < reps; i++) {
    idleHttp.push(
      await time(async () => {
        await fetchCallerAndDirectory(client, target, domain, undefined);
        const first = await client.call(target, 'listServiceAccounts', { params: { domain }, query: { limit: 1 } });
        await client.call(target, 'listServiceAccounts', {
          params: { domain },
          query: { include: 'tokens', limit: 1000, changesSince: first.syncCursor },
        });
      }),
    );
    idle.push(await time(() => ok(core, 'sync:run', { connectionId })));
  }
  await core.dispose();

  const row = (what: string, figure: number, floor: number, goal = '≤ 2× HTTP'): CacheRow => ({
    what: `${what}, ${accounts}`,
    figure: ms(figure),
    floor: ms(floor),
    ratio: `${(figure / floor).toFixed(2)}×`,
    goal,
    met: figure <= 2 * floor,
  });
  const rows = [row('one-row edit', median(edits), median(patches))];
  rows.push({
    what: `event-loop stall during edits (max; p99 ${stallP99.toFixed(1)} ms), ${accounts}`,
    figure: ms(stallMs),
    floor: ms(floorStallMs),
    ratio: '—',
    goal: '≤ 16 ms',
    met: stallMs <= 16,
  });
  if (member) rows.push(row('member edit', median(memberEdits), median(memberHttp)));
  rows.push(row('no-change incremental sync', median(idle), median(idleHttp)));
  return rows;
}

/** Every cache row at 10k (and 100k with `big`), printed as a table and returned. */
export async function cachePerf(
  options: { accounts?: number[]; tokens?: number; runs?: number; big?: boolean } = {},
): Promise<CacheRow[]> {
  const sizes = [...(options.accounts ?? [10_000]), ...(options.big ? [100_000] : [])];
  const runs = options.runs ?? 3;
  const rows: CacheRow[] = [];
  for (const accounts of sizes) {
    const fixture = await seeded(accounts, options.tokens ?? 5);
    try {
      rows.push(...(await fullSyncRows(fixture, accounts, accounts >= 100_000 ? 1 : runs)));
      rows.push(...(await editRows(fixture, accounts, runs)));
      if (accounts >= 100_000) rows.push(await coldLoadMemoryRow(fixture, accounts));
    } finally {
      fixture.stop();
      rmSync(fixture.work, { recursive: true, force: true });
    }
  }
  console.log('\nencrypted cache');
  for (const r of rows) {
    console.log(
      `${r.what.padEnd(40)} ${r.figure.padStart(10)}  floor ${r.floor.padStart(10)}  ${r.ratio.padStart(7)}  ${r.goal}: ${r.met ? 'met' : 'MISSED'}`,
    );
  }
  return rows;
}

// Run on its own: `npx tsx bench/cache-perf.ts [--big]`.
if (process.argv[1]?.endsWith('cache-perf.ts')) {
  const sizes = process.env.BENCH_ACCOUNTS ? [Number(process.env.BENCH_ACCOUNTS)] : undefined;
  cachePerf({
    accounts: sizes,
    big: process.argv.includes('--big') || process.env.BENCH_BIG === '1',
    runs: Number(process.env.BENCH_RUNS ?? 3),
  }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
