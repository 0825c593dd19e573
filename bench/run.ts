/**
 * `npm run bench`: the timing targets, measured outside the unit suite (where other test files share
 * the CPU). With 10,000 service accounts × 5 tokens:
 * - the server: seeding the demo data, and serving a 1,000-account page with tokens (Server-Timing);
 * - the app: a full sync from the local server into the encrypted cache, and a cold load of that
 *   cache, each beside a floor measured in the same run (the same data as one JSON document,
 *   serialised, parsed, encrypted and decrypted with AES-256-GCM);
 * - the renderer: the account search, per keystroke, over the synced accounts.
 * Each line says whether its target was met.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore, type Core } from '../src-main/core.js';
import { NodeKeyring } from '../src-main/services/node-keyring.js';
import { filterAccounts, sortAccounts } from '../src-renderer/lib/account-query.js';
import { seedDemo } from '../src-server/demo.js';
import { apiPath } from '../src-shared/api/paths.js';
import { ServiceAccountListResponse } from '../src-shared/api/service-accounts.js';
import type { AccountRow } from '../src-shared/ipc/models.js';
import { cachePerf } from './cache-perf.js';
import { searchKeystrokePaint } from './search-perf.js';
import { startServerProcess } from './server-process.js';
import { formatRow, serverPerf } from './server-perf.js';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const TOKENS = Number(process.env.BENCH_TOKENS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

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

/**
 * The server's own time for each 1,000-account page of `include=tokens` (the app's sync), from its
 * Server-Timing header: handler start to serialised body. Round 0 warms up statement caches.
 */
async function serverPageTimes(url: string, token: string, rounds = 4): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ include: 'tokens', limit: '1000', ...(cursor ? { cursor } : {}) });
      const response = await fetch(
        `${url}${apiPath('listServiceAccounts', { domain: 'default' })}?${query.toString()}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      if (response.status !== 200) throw new Error(`list page: HTTP ${response.status}`);
      const page = ServiceAccountListResponse.parse(await response.json());
      for (const item of page.items) seen.add(item.id);
      cursor = page.nextCursor;
      const timing = /dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
      if (round > 0) times.push(Number(timing?.[1]));
    } while (cursor);
    if (seen.size !== ACCOUNTS) throw new Error(`the pages held ${seen.size} accounts, not ${ACCOUNTS}`);
  }
  return times;
}

/** The account search as the list runs it while the user types, in ms per keystroke once warm. */
function searchPerKeystroke(accounts: AccountRow[]): number {
  const now = Date.now();
  const sorted = sortAccounts(accounts, 'name');
  filterAccounts(sorted, { search: 'x', filter: 'all', now }); // warms the lowercase cache
  const keystrokes = ['p', 'pi', 'pip', 'pipe', 'pipel'];
  const started = performance.now();
  for (const search of keystrokes) filterAccounts(sorted, { search, filter: 'all', now });
  return (performance.now() - started) / keystrokes.length;
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

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'tokendesk-bench-'));
  const keychainDir = join(work, 'keychain');
  mkdirSync(keychainDir);
  const serverDir = join(work, 'server');
  let adminToken: string | null = null;
  const seedMs = await time(
    () => ({ adminToken } = seedDemo(serverDir, { accounts: ACCOUNTS, tokensPerAccount: TOKENS })),
  );
  // The server runs in its own process, as it does for real, so its work is not billed to the app's thread.
  const server = await startServerProcess(serverDir);
  console.log(`seeded ${ACCOUNTS} accounts × ${TOKENS} tokens in ${seedMs.toFixed(0)} ms`);
  const pageTimes = await serverPageTimes(server.url, adminToken!);

  const syncs: number[] = [];
  const floors: number[] = [];
  const loads: number[] = [];
  const searches: number[] = [];
  let snapshotBytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const dataDir = join(work, `app-${run}`);
    const core = await createCore({
      dataDir,
      keyring: new NodeKeyring({ dir: keychainDir }),
      emit: () => {},
      appVersion: 'bench',
      platform: process.platform,
    });
    const connection = await ok<{ id: string }>(core, 'connections:add', {
      name: 'bench',
      url: server.url,
      domain: 'default',
      token: adminToken,
    });
    // connections:add starts a background sync; wait for it, then time a forced full sync.
    await ok(core, 'sync:run', { connectionId: connection.id });
    syncs.push(await time(() => ok(core, 'sync:run', { connectionId: connection.id, full: true })));

    // Floor: the same data the cache holds, as one JSON document, through the same cipher.
    const detail = await ok<{ accounts: AccountRow[] }>(core, 'snapshot:get', { connectionId: connection.id });
    searches.push(searchPerKeystroke(detail.accounts));
    const accounts = await Promise.all(
      detail.accounts.map((a) => ok(core, 'accounts:get', { connectionId: connection.id, id: a.id })),
    );
    const sameData = { ...detail, accounts };
    snapshotBytes = JSON.stringify(sameData).length;
    floors.push(await time(() => floorRoundTrip(sameData)));
    await core.dispose();

    // Cold load: a new core over the same folder, as at app start, until the list data is in hand.
    loads.push(
      await time(async () => {
        const cold = await createCore({
          dataDir,
          keyring: new NodeKeyring({ dir: keychainDir }),
          emit: () => {},
          appVersion: 'bench',
          platform: process.platform,
        });
        const snapshot = await ok<{ accounts: unknown[] } | null>(cold, 'snapshot:get', {
          connectionId: connection.id,
        });
        if (snapshot?.accounts.length !== ACCOUNTS) throw new Error('cold load returned the wrong data');
        await cold.dispose();
      }),
    );
  }
  // Keystroke → painted list in Chromium over the built renderer, beside a plain input (needs `npm run build:renderer`).
  const searchPaint = await searchKeystrokePaint({ url: server.url, adminToken: adminToken!, accounts: ACCOUNTS });
  server.stop();
  rmSync(work, { recursive: true, force: true });

  const sync = median(syncs);
  const floor = median(floors);
  const load = median(loads);
  const page = median(pageTimes);
  const search = median(searches);
  const line = (name: string, value: number, target: string, met: boolean, extra = '') =>
    console.log(
      `${name.padEnd(22)} ${value.toFixed(1).padStart(8)} ms${extra}   target ${target}: ${met ? 'met' : 'MISSED'}`,
    );
  console.log(
    `\n${ACCOUNTS} accounts × ${TOKENS} tokens, snapshot ${(snapshotBytes / 1e6).toFixed(1)} MB, median of ${RUNS} runs`,
  );
  line('demo seed', seedMs, '≤ 10000 ms', seedMs <= 10_000);
  line('server list page', page, '≤ 25 ms (server time)', page <= 25, `   (1,000 accounts with tokens)`);
  const ofFloor = (value: number) => `   floor ${floor.toFixed(0)} ms, ${(value / floor).toFixed(2)}× floor`;
  line('full sync', sync, '≤ 3× floor and ≤ 2000 ms', sync <= 3 * floor && sync <= 2000, ofFloor(sync));
  line('cold cache load', load, '≤ 300 ms', load <= 300, ofFloor(load));
  line('search per keystroke', search, '< 50 ms', search < 50);
  for (const row of searchPaint) {
    line(
      'search paint p95',
      row.figure,
      row.goal,
      row.met,
      `   plain input ${row.floor.toFixed(1)} ms, ${row.ratio.toFixed(2)}×`,
    );
  }
  console.log(
    `all runs (ms): page ${pageTimes.map((x) => x.toFixed(1)).join(' ')} | sync ${syncs.map((x) => x.toFixed(0)).join(' ')} | floor ${floors.map((x) => x.toFixed(0)).join(' ')} | load ${loads.map((x) => x.toFixed(0)).join(' ')} | search ${searches.map((x) => x.toFixed(1)).join(' ')}`,
  );
  for (const row of await serverPerf({
    accounts: ACCOUNTS,
    tokensPerAccount: TOKENS,
    quick: process.argv.includes('--quick'),
  })) {
    console.log(formatRow(row));
  }
}

main()
  // The encrypted cache's rows (bench/cache-perf.ts), each beside its floor; 100,000 accounts with `--big`.
  .then(() => cachePerf({ accounts: [ACCOUNTS], big: process.argv.includes('--big'), runs: RUNS }))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
