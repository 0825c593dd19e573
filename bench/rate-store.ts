/**
 * `npx tsx bench/rate-store.ts`: what one max-RPS check costs in each rate store (cluster/), in one run
 * on this machine: memory (one process), PostgreSQL (one upsert on an UNLOGGED table) and Redis (one
 * Lua script). Two numbers each: the latency of one check made alone (what a request waits), and the
 * cost per check with 32 in flight (what a busy instance pays).
 *
 * PostgreSQL: a fresh database on the cluster named by TOKENDESK_TEST_DATABASE_URL
 * (`eval "$(node scripts/pg-throwaway.mjs start)"`), dropped afterwards. Redis: its own redis-server
 * on a free port. A store whose server is missing is left out, with a line saying why.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { RateStore } from '../src-server/cluster/rate-store.js';
import { MemoryRateStore } from '../src-server/cluster/rate-store.js';
import { PostgresRateStore } from '../src-server/cluster/pg-rate-store.js';
import { RedisRateStore } from '../src-server/cluster/redis-rate-store.js';
import { runPostgresMigrations } from '../src-server/db/pg-migrations.js';
import { PostgresSql } from '../src-server/db/postgres.js';
import { createTestDatabase } from '../src-server/test-backend.js';
import { freePort } from '../src-server/cluster/free-port.js';

const CHECKS = Number(process.env.BENCH_RATE_CHECKS ?? 20_000);
const IN_FLIGHT = 32;
/** Distinct buckets, like as many capped tokens; a cap so high every check is allowed (same cost). */
const KEYS = Array.from({ length: 1_000 }, (_, i) => `bench-token-${i}`);
const CAP = 1e9;

async function sequential(store: RateStore, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await store.take(KEYS[i % KEYS.length]!, CAP);
  return ((performance.now() - start) * 1000) / n;
}

async function concurrent(store: RateStore, n: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < n) await store.take(KEYS[next++ % KEYS.length]!, CAP);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return ((performance.now() - start) * 1000) / n;
}

async function measure(name: string, store: RateStore): Promise<string> {
  await sequential(store, Math.min(2_000, CHECKS)); // warm-up: connections, JIT, buckets created
  const alone = await sequential(store, CHECKS);
  const busy = await concurrent(store, CHECKS);
  return `| ${name} | ${alone.toFixed(1)} | ${busy.toFixed(1)} | ${Math.round(1e6 / busy).toLocaleString('en')} |`;
}

async function main(): Promise<void> {
  const rows: string[] = [];
  const notes: string[] = [];
  rows.push(await measure('memory', new MemoryRateStore(Date.now)));

  const cluster = process.env.TOKENDESK_TEST_DATABASE_URL;
  if (cluster) {
    const database = await createTestDatabase(cluster, 'bench_rate');
    const sql = new PostgresSql({ url: database.url });
    try {
      await runPostgresMigrations(sql);
      rows.push(await measure('PostgreSQL (UNLOGGED upsert)', new PostgresRateStore(sql, Date.now)));
    } finally {
      await sql.close();
      await database.remove();
    }
  } else {
    notes.push('PostgreSQL left out: TOKENDESK_TEST_DATABASE_URL is not set.');
  }

  if (spawnSync('redis-server', ['--version']).status === 0) {
    const port = await freePort();
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    try {
      const store = await RedisRateStore.connect({
        url: `redis://127.0.0.1:${port}`,
        now: Date.now,
        warn: (line) => notes.push(line),
      });
      rows.push(await measure('Redis (Lua script)', store));
      await store.close();
    } finally {
      server.kill();
    }
  } else {
    notes.push('Redis left out: redis-server is not installed.');
  }

  console.log(
    `Rate stores: ${CHECKS.toLocaleString('en')} checks each over ${KEYS.length} buckets, all on this machine\n`,
  );
  console.log('| store | µs per check, one at a time | µs per check, 32 in flight | checks/s, 32 in flight |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) console.log(row);
  for (const note of notes) console.log(`\n${note}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
