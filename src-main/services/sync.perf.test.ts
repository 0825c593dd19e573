import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount } from './test-support/fixtures.js';
import { startFakeApi, type FakeApi } from './test-support/fake-api.js';
import { plainSnapshot } from './test-support/snapshots.js';
import { makeSyncRig } from './test-support/sync-rig.js';
import { tempDir } from './test-support/temp-dir.js';

const ACCOUNTS = 10_000;
const TOKENS = 5;

/** The floor: JSON stringify + parse + AES-256-GCM encrypt + decrypt of the same snapshot. */
function baselineMs(snapshot: unknown): number {
  const key = randomBytes(32);
  const started = performance.now();
  const text = JSON.stringify(snapshot);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(cipher.getAuthTag());
  JSON.parse(Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8'));
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Full sync of 10,000 accounts × 5 tokens against a server that answers from memory, so the time
 * measured is the app's: HTTP, page parsing, zod, building the snapshot, encrypting, atomic write.
 * Targets: ≤ 2 s, and ≤ 3× the baseline above. Each figure is the median of three runs. Other test
 * files run in parallel with this one, so by default only a gross regression (twice the targets)
 * fails; TOKENDESK_PERF_STRICT=1 holds the run to the targets themselves.
 */
const STRICT = process.env.TOKENDESK_PERF_STRICT === '1';
const SLACK = STRICT ? 1 : 2;
describe(`full sync of ${ACCOUNTS} accounts × ${TOKENS} tokens`, () => {
  let api: FakeApi;
  let root: { path: string; cleanup: () => void };
  beforeAll(async () => {
    api = await startFakeApi();
    for (let i = 0; i < ACCOUNTS; i++) api.upsert(makeAccount(i, TOKENS));
    root = tempDir('perf');
  });
  afterAll(async () => {
    await api.close();
    root.cleanup();
  });

  it('meets the time budget', { timeout: 120_000 }, async () => {
    const rig = await makeSyncRig(root.path);
    const { id } = await rig.connections.add({
      name: 'Perf',
      url: api.url,
      domain: 'default',
      token: api.token,
    });
    await rig.sync.run(id, { full: true }); // warm-up: JIT, server page cache, keep-alive sockets
    const syncs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const status = await rig.sync.run(id, { full: true });
      syncs.push(performance.now() - started);
      expect(status.phase).toBe('idle');
    }
    const snapshot = rig.sync.snapshot(id)!;
    expect(snapshot.accounts).toHaveLength(ACCOUNTS);
    // The same data: the accounts with their tokens.
    const same = {
      ...plainSnapshot(snapshot),
      tokens: undefined,
      accounts: snapshot.accounts.map((row) => ({ ...row, tokens: snapshot.tokens.get(row.id) ?? null })),
    };
    const baselines = [baselineMs(same), baselineMs(same), baselineMs(same)];
    const sync = median(syncs);
    const baseline = median(baselines);
    console.log(
      `sync ${ACCOUNTS}×${TOKENS}: ${sync.toFixed(0)} ms (runs ${syncs.map((t) => t.toFixed(0)).join(', ')}); ` +
        `baseline ${baseline.toFixed(0)} ms; ratio ${(sync / baseline).toFixed(2)}`,
    );
    await rig.close();
    expect(sync).toBeLessThanOrEqual(2_000 * SLACK);
    expect(sync / baseline).toBeLessThanOrEqual(3 * SLACK);

    // Cold load, as at app start: data key, connections, then the list data of the cache file.
    const loads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const cold = await makeSyncRig(root.path);
      const loaded = cold.sync.snapshot(id);
      loads.push(performance.now() - started);
      expect(loaded?.accounts).toHaveLength(ACCOUNTS);
      expect(loaded?.tokens.parsed).toBe(false);
      await cold.close();
    }
    const load = median(loads);
    console.log(
      `cold load ${ACCOUNTS}×${TOKENS}: ${load.toFixed(0)} ms (runs ${loads.map((t) => t.toFixed(0)).join(', ')})`,
    );
    expect(load).toBeLessThanOrEqual(300 * SLACK);
  });
});
