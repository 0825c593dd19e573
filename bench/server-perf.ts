/**
 * The server's throughput rows, each beside its peer measured in the same run:
 * - an authenticated `GET /api/v1/me` (a service-account token, so the request log is written too)
 *   and a list page of 100 accounts (50 different pages asked in turn, so no page's rows stay hot),
 *   against a bare Fastify hello-world in its own process, under the same fixed-concurrency load for
 *   the same time (undici, keep-alive);
 * - 2,000 token creates on one account: the last 200 against the first 200.
 * - the demo seed, and the server's own time for each 1,000-account page of `include=tokens` (the
 *   app's sync), from its Server-Timing header: absolute goals.
 * Runs of the subject and its peer alternate, and each figure is the median of its runs, so one noisy
 * moment (other work on the machine) does not swing the ratio. It adds two accounts to the server, so
 * bench/run.ts runs it after the rows that count the accounts.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { load } from './http-load.js';
import { apiPath } from '../src-shared/api/paths.js';
import { ServiceAccountListResponse } from '../src-shared/api/service-accounts.js';
import type { Fixture } from './fixture.js';
import { median, ms, type BenchRow } from './report.js';
import { startListeningProcess } from './server-process.js';

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

/**
 * Requests per second the server answers 200 under the shared load (http-load.ts) for `ms`, and its
 * CPU per request; `path` is one path, or a function giving each request's.
 */
async function throughput(
  target: { url: string; pid: number },
  path: string | (() => string),
  headers: Record<string, string>,
  ms: number,
): Promise<Load> {
  let cpuBefore = 0;
  const result = await load(
    [target],
    { method: 'GET', path: typeof path === 'string' ? () => path : path, headers },
    ms,
    () => {
      cpuBefore = cpuMicros(target.pid);
    },
  );
  return { rps: result.rps, cpuPerRequest: (cpuMicros(target.pid) - cpuBefore) / result.requests };
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

/**
 * The paths of the first `count` pages of 100 accounts (each after the first with its cursor), so the
 * list row asks for different pages in turn: each request reads its own rows, as paging through a
 * large domain does, rather than one page whose rows stay hot.
 */
async function listPagePaths(fixture: Fixture, count: number): Promise<string[]> {
  const base = `${apiPath('listServiceAccounts', { domain: 'default' })}?limit=100`;
  const paths = [base];
  while (paths.length < count) {
    const response = await fetch(fixture.url + paths[paths.length - 1]!, {
      headers: { authorization: `Bearer ${fixture.adminToken}` },
    });
    const { nextCursor } = ServiceAccountListResponse.parse(await response.json());
    if (!nextCursor) break;
    paths.push(`${base}&cursor=${encodeURIComponent(nextCursor)}`);
  }
  return paths;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The server's own time for each 1,000-account page of `include=tokens` (the app's sync), from its
 * Server-Timing header: handler start to serialised body. Round 0 warms up statement caches.
 */
async function syncPageTimes(fixture: Fixture, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ include: 'tokens', limit: '1000', ...(cursor ? { cursor } : {}) });
      const response = await fetch(
        `${fixture.url}${apiPath('listServiceAccounts', { domain: 'default' })}?${query.toString()}`,
        { headers: { authorization: `Bearer ${fixture.adminToken}` } },
      );
      if (response.status !== 200) throw new Error(`list page: HTTP ${response.status}`);
      const page = ServiceAccountListResponse.parse(await response.json());
      for (const item of page.items) seen.add(item.id);
      cursor = page.nextCursor;
      const timing = /dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
      if (round > 0) times.push(Number(timing?.[1]));
    } while (cursor);
    if (seen.size !== fixture.accounts)
      throw new Error(`the pages held ${seen.size} accounts, not ${fixture.accounts}`);
  }
  return times;
}

export async function serverRows(fixture: Fixture, options: { runs: number; quick: boolean }): Promise<BenchRow[]> {
  const { adminToken } = fixture;
  const server = { url: fixture.url, pid: fixture.pid };
  const pages = median(await syncPageTimes(fixture, 3));
  const hello = await startListeningProcess(['bench/hello-world.ts']);
  try {
    const saToken = await serviceAccountToken(server.url, adminToken);
    const { runs } = options;
    const loadMs = options.quick ? 1500 : 3000;
    const me = { path: apiPath('getMe'), headers: { authorization: `Bearer ${saToken}` } };
    const pagePaths = await listPagePaths(fixture, 50);
    let next = 0;
    const list = {
      path: () => pagePaths[next++ % pagePaths.length]!,
      headers: { authorization: `Bearer ${adminToken}` },
    };
    const peer: Load[] = [];
    const meLoad: Load[] = [];
    const listLoad: Load[] = [];
    for (let run = 0; run < runs; run++) {
      peer.push(await throughput(hello, '/', {}, loadMs));
      meLoad.push(await throughput(server, me.path, me.headers, loadMs));
      listLoad.push(await throughput(server, list.path, list.headers, loadMs));
    }
    const creates = await createTimes(server.url, adminToken, 2000);
    const first = mean(creates.slice(0, 200));
    const last = mean(creates.slice(-200));

    const rpsOf = (loads: Load[]) => median(loads.map((l) => l.rps));
    const cpuOf = (loads: Load[]) => median(loads.map((l) => l.cpuPerRequest));
    const hw = rpsOf(peer);
    const describe = (loads: Load[]) => `${rpsOf(loads).toFixed(0)} req/s, ${cpuOf(loads).toFixed(0)} µs CPU/req`;
    const vsPeer = `hello-world ${describe(peer)}`;
    // By CPU: the share of hello-world's throughput the route would reach with a core to itself.
    const cpuRatio = (loads: Load[]) => `; by CPU per request ${(cpuOf(peer) / cpuOf(loads)).toFixed(2)}×`;
    // The old 10 s up to 10,000 accounts, then 1 s per 1,000 more.
    const seedGoalMs = Math.max(10_000, fixture.accounts);
    return [
      {
        what: 'demo seed',
        figure: ms(fixture.seedMs),
        floor: '—',
        ratio: null,
        goal: `≤ ${(seedGoalMs / 1000).toFixed(0)} s`,
        met: fixture.seedMs <= seedGoalMs,
      },
      {
        what: 'sync page of 1,000 with tokens (server time)',
        figure: ms(pages),
        floor: '—',
        ratio: null,
        goal: '≤ 25 ms',
        met: pages <= 25,
      },
      {
        what: 'authenticated GET /api/v1/me (SA token)',
        figure: describe(meLoad),
        floor: vsPeer + cpuRatio(meLoad),
        ratio: rpsOf(meLoad) / hw,
        goal: '≥ 0.5 of hello-world',
        met: rpsOf(meLoad) / hw >= 0.5,
      },
      {
        what: `list page of 100 accounts (${pagePaths.length} different pages in turn)`,
        figure: describe(listLoad),
        floor: vsPeer + cpuRatio(listLoad),
        ratio: rpsOf(listLoad) / hw,
        goal: '≥ 0.1 of hello-world',
        met: rpsOf(listLoad) / hw >= 0.1,
      },
      {
        what: '2,000 token creates on one account',
        figure: `last 200: ${last.toFixed(2)} ms each`,
        floor: `first 200: ${first.toFixed(2)} ms each`,
        ratio: last / first,
        goal: '≤ 1.5× the first 200',
        met: last / first <= 1.5,
      },
    ];
  } finally {
    hello.stop();
  }
}
