/**
 * `npm run bench`: full sync of 10,000 service accounts × 5 tokens from a local server into the
 * encrypted cache, and a cold load of that cache, each beside a floor measured in the same run: the
 * same data as one JSON document, serialised, parsed, encrypted and decrypted (AES-256-GCM).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore, type Core } from '../src-main/core.js';
import { NodeKeyring } from '../src-main/services/node-keyring.js';
import { seedDemo } from '../src-server/demo.js';
import { startServerProcess } from './server-process.js';

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

  const syncs: number[] = [];
  const floors: number[] = [];
  const loads: number[] = [];
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
    const detail = await ok<{ accounts: { id: string }[] }>(core, 'snapshot:get', { connectionId: connection.id });
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
  server.stop();
  rmSync(work, { recursive: true, force: true });

  const sync = median(syncs);
  const floor = median(floors);
  const load = median(loads);
  const rows = [
    ['full sync', sync, floor, sync <= 3 * floor && sync <= 2000, `≤ 3× floor and ≤ 2000 ms`],
    ['cold cache load', load, floor, load <= 300, '≤ 300 ms'],
  ] as const;
  console.log(
    `\n${ACCOUNTS} accounts × ${TOKENS} tokens, snapshot ${(snapshotBytes / 1e6).toFixed(1)} MB, median of ${RUNS} runs`,
  );
  for (const [name, value, base, pass, target] of rows) {
    console.log(
      `${name.padEnd(16)} ${value.toFixed(0).padStart(6)} ms   floor ${base.toFixed(0).padStart(5)} ms   ${(value / base).toFixed(2)}× floor   target ${target}: ${pass ? 'met' : 'MISSED'}`,
    );
  }
  console.log(
    `all runs (ms): sync ${syncs.map((x) => x.toFixed(0)).join(' ')} | floor ${floors.map((x) => x.toFixed(0)).join(' ')} | load ${loads.map((x) => x.toFixed(0)).join(' ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
