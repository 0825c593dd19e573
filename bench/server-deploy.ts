/**
 * `npm run bench:server [-- --seconds S]`: the server as it is deployed, in one run, side by side:
 * authenticated `GET /api/v1/me`, a page of the service-account list and a token create, each on
 * SQLite with one instance and on PostgreSQL with one and with three instances (asked round-robin, as
 * a load balancer does), with p50/p99 latency, beside a bare Fastify hello-world as the ceiling.
 *
 * Every server is a real process (`src-server/cli.ts`), PostgreSQL a throwaway cluster with its default
 * durability (fsync on: `scripts/pg-throwaway.mjs start --durable`) unless BENCH_DATABASE_URL names one.
 * SQLite runs as the server configures it (WAL, synchronous=NORMAL). Each row's load alternates with a
 * hello-world load of the same length, and the ratio is to the hello-world figure of the same setup,
 * so a noisy moment on the machine moves both.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiPath } from '../src-shared/api/paths.js';
import { ServiceAccount } from '../src-shared/api/models.js';
import { ServiceAccountListResponse } from '../src-shared/api/service-accounts.js';
import { CreatedToken } from '../src-shared/api/tokens.js';
import { createTestDatabase } from '../src-server/test-backend.js';
import { load, type LoadResult, type Target } from './http-load.js';
import { median } from './report.js';
import { startListeningProcess, type ServerProcess } from './server-process.js';

const ACCOUNTS = 300;

interface Setup {
  label: string;
  instances: ServerProcess[];
  adminToken: string;
  stop(): void;
}

interface Row {
  setup: string;
  request: string;
  result: LoadResult;
  hello: LoadResult;
}

function parseSeconds(argv: string[]): number {
  const at = argv.indexOf('--seconds');
  if (at === -1) return 3;
  const value = Number(argv[at + 1]);
  if (!(value > 0 && value <= 60)) throw new Error('--seconds must be a number from 1 to 60');
  return value;
}

async function send<T>(target: Target, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(target.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Starts `count` server processes with the same flags, the first alone (it migrates and bootstraps). */
async function startInstances(label: string, count: number, flags: string[]): Promise<Setup> {
  const first = await startListeningProcess(['src-server/cli.ts', '--port', '0', ...flags], { adminToken: true });
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, () => startListeningProcess(['src-server/cli.ts', '--port', '0', ...flags])),
  );
  const instances = [first, ...rest];
  return {
    label,
    instances,
    adminToken: first.adminToken!,
    stop: () => {
      for (const instance of instances) instance.stop();
    },
  };
}

/** The accounts a list page reads and a service-account token (no cap) to call /me with. */
async function seed(setup: Setup): Promise<{ meToken: string; createOn: string[] }> {
  const [target] = setup.instances;
  const accounts = apiPath('listServiceAccounts', { domain: 'default' });
  const ids: string[] = [];
  for (let i = 0; i < ACCOUNTS; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: 10 }, (_, j) =>
        send<unknown>(target!, setup.adminToken, 'POST', accounts, {
          name: `bench_${String(i + j).padStart(4, '0')}`,
          roles: ['Viewer'],
        }),
      ),
    );
    ids.push(...batch.map((body) => ServiceAccount.parse(body).id));
  }
  const created = await send<unknown>(
    target!,
    setup.adminToken,
    'POST',
    apiPath('createServiceAccountToken', { domain: 'default', id: ids[0]! }),
    { name: 'bench-me', expiresAt: null },
  );
  return { meToken: CreatedToken.parse(created).secret, createOn: ids };
}

/** The paths of the first three pages of 100 accounts, asked in turn. */
async function pagePaths(setup: Setup): Promise<string[]> {
  const base = `${apiPath('listServiceAccounts', { domain: 'default' })}?limit=100`;
  const paths = [base];
  while (paths.length < 3) {
    const page = ServiceAccountListResponse.parse(
      await send<unknown>(setup.instances[0]!, setup.adminToken, 'GET', paths.at(-1)!),
    );
    if (!page.nextCursor) break;
    paths.push(`${base}&cursor=${encodeURIComponent(page.nextCursor)}`);
  }
  return paths;
}

async function measure(setup: Setup, hello: Target, seconds: number): Promise<Row[]> {
  const { meToken, createOn } = await seed(setup);
  const pages = await pagePaths(setup);
  const ms = seconds * 1000;
  let created = 0;
  const requests = [
    { request: 'GET /me', method: 'GET', path: () => apiPath('getMe'), token: meToken },
    {
      request: 'list page (100)',
      method: 'GET',
      path: (n: number) => pages[n % pages.length]!,
      token: setup.adminToken,
    },
    {
      request: 'token create',
      method: 'POST',
      // Spread over the accounts, each create a new name, as many pipelines minting tokens at once would.
      path: (n: number) =>
        apiPath('createServiceAccountToken', { domain: 'default', id: createOn[n % createOn.length]! }),
      body: () => ({ name: `t-${created++}`, expiresAt: null }),
      token: setup.adminToken,
      status: 201,
    },
  ];
  const rows: Row[] = [];
  for (const r of requests) {
    const runs: LoadResult[] = [];
    const peers: LoadResult[] = [];
    for (let run = 0; run < 3; run++) {
      peers.push(await load([hello], { method: 'GET', path: () => '/', headers: {} }, ms));
      runs.push(
        await load(
          setup.instances,
          {
            method: r.method,
            path: r.path,
            headers: { authorization: `Bearer ${r.token}` },
            ...(r.body ? { body: r.body } : {}),
            ...(r.status ? { status: r.status } : {}),
          },
          ms,
        ),
      );
    }
    rows.push({ setup: setup.label, request: r.request, result: medianLoad(runs), hello: medianLoad(peers) });
  }
  return rows;
}

/** The run with the median throughput, its latencies with it. */
function medianLoad(runs: LoadResult[]): LoadResult {
  const rps = median(runs.map((r) => r.rps));
  return runs.find((r) => r.rps === rps)!;
}

/** Two decimals, three below 0.1, so a small ratio does not print as 0.00. */
const ratio = (x: number): string => x.toFixed(x < 0.1 ? 3 : 2);

function table(rows: Row[]): string {
  const lines = [
    '| Setup | Request | req/s | p50 | p99 | hello-world req/s | × hello-world |',
    '|---|---|--:|--:|--:|--:|--:|',
  ];
  for (const row of rows) {
    const { result, hello } = row;
    lines.push(
      `| ${row.setup} | ${row.request} | ${Math.round(result.rps)} | ${result.p50.toFixed(1)} ms | ` +
        `${result.p99.toFixed(1)} ms | ${Math.round(hello.rps)} | ${ratio(result.rps / hello.rps)} |`,
    );
  }
  return lines.join('\n');
}

function goals(rows: Row[]): string[] {
  const find = (setup: string, request: string) => rows.find((r) => r.setup === setup && r.request === request)!;
  const out: string[] = [];
  const sqliteMe = find('SQLite, 1 instance', 'GET /me');
  const ratio = sqliteMe.result.rps / sqliteMe.hello.rps;
  out.push(
    `authenticated reads on SQLite ≥ 50% of hello-world: ${(ratio * 100).toFixed(0)}% — ${ratio >= 0.5 ? 'met' : 'MISSED'}`,
  );
  for (const request of ['GET /me', 'list page (100)', 'token create']) {
    const sqlite = find('SQLite, 1 instance', request).result.rps;
    const postgres = find('PostgreSQL, 1 instance', request).result.rps;
    const slower = sqlite / postgres;
    out.push(
      `${request}: PostgreSQL (1 instance) within 2× of SQLite: ${slower.toFixed(2)}× — ${slower <= 2 ? 'met' : 'MISSED'}`,
    );
  }
  return out;
}

async function main(): Promise<void> {
  const seconds = parseSeconds(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'tokendesk-bench-server-'));
  let cluster: string | null = null;
  let clusterUrl = process.env.BENCH_DATABASE_URL;
  if (!clusterUrl) {
    const out = execFileSync(process.execPath, ['scripts/pg-throwaway.mjs', 'start', '--durable'], {
      encoding: 'utf8',
    });
    clusterUrl = /TOKENDESK_TEST_DATABASE_URL='([^']+)'/.exec(out)![1]!;
    cluster = /TOKENDESK_PG_THROWAWAY_DIR='([^']+)'/.exec(out)![1]!;
  }
  const databases: { url: string; remove: () => Promise<void> }[] = [];
  const database = async (label: string): Promise<string> => {
    const created = await createTestDatabase(clusterUrl, label);
    databases.push(created);
    return created.url;
  };
  const hello = await startListeningProcess(['bench/hello-world.ts']);
  const rows: Row[] = [];
  try {
    console.log(`TokenDesk server bench: ${seconds} s loads, medians of 3, ${ACCOUNTS} accounts per setup\n`);
    const setups: (() => Promise<Setup>)[] = [
      () => startInstances('SQLite, 1 instance', 1, ['--data', join(work, 'sqlite')]),
      async () => startInstances('PostgreSQL, 1 instance', 1, ['--database-url', await database('bench_one')]),
      async () => startInstances('PostgreSQL, 3 instances', 3, ['--database-url', await database('bench_three')]),
    ];
    for (const start of setups) {
      const setup = await start();
      try {
        const measured = await measure(setup, hello, seconds);
        rows.push(...measured);
        console.error(`measured: ${setup.label}`);
      } finally {
        setup.stop();
      }
    }
    console.log(table(rows));
    console.log(`\n${goals(rows).join('\n')}`);
  } finally {
    hello.stop();
    for (const created of databases) await created.remove();
    if (cluster) execFileSync(process.execPath, ['scripts/pg-throwaway.mjs', 'stop', cluster]);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
