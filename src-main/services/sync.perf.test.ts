import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_VERSION } from './snapshot.js';
import { makeAccount, testMe, testRoles } from './test-support/fixtures.js';
import { startFakeApi, type FakeApi } from './test-support/fake-api.js';
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
      storeOnDiskWithoutKeychain: false,
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
    const same = {
      version: SNAPSHOT_VERSION,
      connectionId: id,
      asOf: snapshot.asOf,
      syncCursor: '1',
      me: testMe,
      roles: testRoles,
      accounts: snapshot.accounts,
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
  });
});
