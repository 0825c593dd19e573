/**
 * The server's throughput rows, each beside its peer measured in the same run:
 * - an authenticated `GET /api/v1/me` (a service-account token, so the request log is written too)
 *   and a list page of 100 accounts, against a bare Fastify hello-world in its own process, under the
 *   same fixed-concurrency load for the same time (undici, keep-alive);
 * - 2,000 token creates on one account: the last 200 against the first 200.
 * Runs of the subject and its peer alternate, and each figure is the median of its runs, so one noisy
 * moment (other work on the machine) does not swing the ratio.
 *
 * `npx tsx bench/server-perf.ts [--quick]` runs it alone; bench/run.ts runs it as part of the whole bench.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Pool } from 'undici';
import { seedDemo } from '../src-server/demo.js';
import { apiPath } from '../src-shared/api/paths.js';
import { startListeningProcess, startServerProcess, type ServerProcess } from './server-process.js';

export interface BenchRow {
  what: string;
  figure: string;
  floor: string;
  /** The figure over its floor or peer, the way the goal reads it. */
  ratio: number;
  goal: string;
  met: boolean;
}

export interface ServerPerfOptions {
  accounts: number;
  tokensPerAccount: number;
  quick?: boolean;
}

const CONCURRENCY = 16;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * CPU time (user + system, in µs) a process has used, from /proc (Linux). Under a loaded machine the
 * server's CPU per request is a steadier measure than its throughput, which also counts waiting for a core.
 */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
}

interface Load {
  rps: number;
  /** The server's CPU per answered request, µs. */
  cpuPerRequest: number;
}

/** Requests per second `path` answers 200 under CONCURRENCY requests in flight for `ms`. */
async function throughput(
  target: ServerProcess,
  path: string,
  headers: Record<string, string>,
  ms: number,
): Promise<Load> {
  const origin = target.url;
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
  try {
    let done = 0;
    let warm = true;
    const deadline = { at: performance.now() + ms / 4 };
    const worker = async () => {
      while (performance.now() < deadline.at) {
        const { statusCode, body } = await pool.request({ path, method: 'GET', headers });
        await body.dump();
        if (statusCode !== 200) throw new Error(`${path}: HTTP ${statusCode}`);
        if (!warm) done++;
      }
    };
    // A quarter of the time warms up (JIT, statement caches, connections), then the counted run.
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    warm = false;
    const cpuBefore = cpuMicros(target.pid);
    const started = performance.now();
    deadline.at = started + ms;
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsed = performance.now() - started;
    return { rps: (done / elapsed) * 1000, cpuPerRequest: (cpuMicros(target.pid) - cpuBefore) / done };
  } finally {
    await pool.close();
  }
}

async function send(url: string, token: string, method: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** Creates `count` tokens on a new account, one request after the other, and returns each one's time. */
async function createTimes(url: string, adminToken: string, count: number): Promise<number[]> {
  const account = (await send(url + apiPath('createServiceAccount', { domain: 'default' }), adminToken, 'POST', {
    name: 'bench_many_tokens',
    roles: ['Viewer'],
  })) as { id: string };
  const create = url + apiPath('createServiceAccountToken', { domain: 'default', id: account.id });
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await send(create, adminToken, 'POST', { name: `t-${String(i).padStart(5, '0')}`, expiresAt: null });
    times.push(performance.now() - started);
  }
  return times;
}

/** An account and a service-account token to call /me with, so the request log is part of the cost. */
async function serviceAccountToken(url: string, adminToken: string): Promise<string> {
  const account = (await send(url + apiPath('createServiceAccount', { domain: 'default' }), adminToken, 'POST', {
    name: 'bench_caller',
    roles: ['Viewer'],
  })) as { id: string };
  const created = (await send(
    url + apiPath('createServiceAccountToken', { domain: 'default', id: account.id }),
    adminToken,
    'POST',
    { name: 'bench', expiresAt: null },
  )) as { secret: string };
  return created.secret;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function serverPerf(options: ServerPerfOptions): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'tokendesk-server-perf-'));
  const { adminToken } = seedDemo(work, { accounts: options.accounts, tokensPerAccount: options.tokensPerAccount });
  if (!adminToken) throw new Error('the demo seeder made no admin token');
  const server = await startServerProcess(work);
  const hello = await startListeningProcess(['bench/hello-world.ts']);
  try {
    const saToken = await serviceAccountToken(server.url, adminToken);
    const runs = options.quick ? 3 : 5;
    const ms = options.quick ? 1500 : 3000;
    const me = { path: apiPath('getMe'), headers: { authorization: `Bearer ${saToken}` } };
    const list = {
      path: `${apiPath('listServiceAccounts', { domain: 'default' })}?limit=100`,
      headers: { authorization: `Bearer ${adminToken}` },
    };
    const peer: Load[] = [];
    const meLoad: Load[] = [];
    const listLoad: Load[] = [];
    for (let run = 0; run < runs; run++) {
      peer.push(await throughput(hello, '/', {}, ms));
      meLoad.push(await throughput(server, me.path, me.headers, ms));
      listLoad.push(await throughput(server, list.path, list.headers, ms));
    }
    const creates = await createTimes(server.url, adminToken, 2000);
    const first = mean(creates.slice(0, 200));
    const last = mean(creates.slice(-200));

    const rpsOf = (loads: Load[]) => median(loads.map((l) => l.rps));
    const cpuOf = (loads: Load[]) => median(loads.map((l) => l.cpuPerRequest));
    const hw = rpsOf(peer);
    const describe = (loads: Load[]) => `${rpsOf(loads).toFixed(0)} req/s, ${cpuOf(loads).toFixed(0)} µs CPU/req`;
    const vsPeer = `hello-world ${describe(peer)}`;
    const runsOf = (loads: Load[]) => loads.map((l) => `${l.rps.toFixed(0)}/${l.cpuPerRequest.toFixed(0)}µs`).join(' ');
    console.log(
      `server runs (req/s / CPU per request): hello ${runsOf(peer)} | me ${runsOf(meLoad)} | list ${runsOf(listLoad)}`,
    );
    // By CPU: the share of hello-world's throughput the route would reach with a core to itself.
    const cpuRatio = (loads: Load[]) => `; by CPU per request ${(cpuOf(peer) / cpuOf(loads)).toFixed(2)}×`;
    return [
      {
        what: 'GET /me (SA token)',
        figure: describe(meLoad),
        floor: vsPeer + cpuRatio(meLoad),
        ratio: rpsOf(meLoad) / hw,
        goal: '≥ 0.5 of hello-world',
        met: rpsOf(meLoad) / hw >= 0.5,
      },
      {
        what: 'list page of 100',
        figure: describe(listLoad),
        floor: vsPeer + cpuRatio(listLoad),
        ratio: rpsOf(listLoad) / hw,
        goal: '≥ 0.1 of hello-world',
        met: rpsOf(listLoad) / hw >= 0.1,
      },
      {
        what: '2,000 token creates',
        figure: `last 200: ${last.toFixed(2)} ms each`,
        floor: `first 200: ${first.toFixed(2)} ms each`,
        ratio: last / first,
        goal: '≤ 1.5× the first 200',
        met: last / first <= 1.5,
      },
    ];
  } finally {
    server.stop();
    hello.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

export function formatRow(row: BenchRow): string {
  return `${row.what.padEnd(22)} ${row.figure.padStart(26)}   ${row.floor}, ${row.ratio.toFixed(2)}×   goal ${row.goal}: ${row.met ? 'met' : 'MISSED'}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await serverPerf({
    accounts: Number(process.env.BENCH_ACCOUNTS ?? 10_000),
    tokensPerAccount: Number(process.env.BENCH_TOKENS ?? 5),
    quick: process.argv.includes('--quick'),
  });
  for (const row of rows) console.log(formatRow(row));
}
