import { describe, expect, it } from 'vitest';
import { testPostgres } from '../db/pg-test-support.js';
import { SqliteSql } from '../db/sqlite.js';
import { TestClock } from '../test-support.js';
import { runExclusive } from './run-exclusive.js';

const pg = testPostgres();

// Skipped (one loud notice per run) without TOKENDESK_TEST_DATABASE_URL; under CI=true it fails instead.
describe.skipIf(pg.skip)('runExclusive on PostgreSQL', () => {
  it('three instances at once: exactly one runs the job, and job_runs records that one run', async () => {
    const instances = [await pg.open({ migrated: true }), await pg.open(), await pg.open()];
    const clock = new TestClock();
    let runs = 0;
    const job = async () => {
      runs++;
      // Long enough that the three overlap: the others find the lock taken and skip.
      await new Promise((resolve) => setTimeout(resolve, 200));
    };
    const ran = await Promise.all(
      instances.map((sql, i) => runExclusive(sql, 'prune', job, { now: clock.now, instanceId: `instance-${i}` })),
    );
    expect(runs).toBe(1);
    expect(ran.filter(Boolean)).toHaveLength(1);
    const recorded = await instances[0]!.all<{ job: string; instance_id: string }>(
      "SELECT job, instance_id FROM job_runs WHERE job = 'prune'",
    );
    expect(recorded).toEqual([{ job: 'prune', instance_id: `instance-${ran.indexOf(true)}` }]);
  });

  it('runs at most once per minGapMs across instances, and other jobs are not held up by it', async () => {
    const [a, b] = [await pg.open(), await pg.open()];
    const clock = new TestClock();
    const options = { now: clock.now, minGapMs: 60_000 };
    let runs = 0;
    const job = () => {
      runs++;
      return Promise.resolve();
    };
    expect(await runExclusive(a, 'sweep', job, options)).toBe(true);
    clock.advance(30_000);
    expect(await runExclusive(b, 'sweep', job, options)).toBe(false);
    expect(await runExclusive(b, 'other-job', job, options)).toBe(true);
    clock.advance(30_000);
    expect(await runExclusive(b, 'sweep', job, options)).toBe(true);
    expect(runs).toBe(3);
  });

  it('a job that fails records no run and leaves the lock free for the next round', async () => {
    const [a, b] = [await pg.open(), await pg.open()];
    const clock = new TestClock();
    await expect(
      runExclusive(a, 'failing', () => Promise.reject(new Error('boom')), { now: clock.now }),
    ).rejects.toThrow('boom');
    expect(await a.value("SELECT count(*) FROM job_runs WHERE job = 'failing'")).toBe(0);
    expect(await runExclusive(b, 'failing', () => Promise.resolve(), { now: clock.now })).toBe(true);
  });
});

describe('runExclusive on SQLite', () => {
  it('just runs the job (one process owns the file)', async () => {
    const sql = new SqliteSql(':memory:');
    try {
      let runs = 0;
      const job = () => {
        runs++;
        return Promise.resolve();
      };
      const clock = new TestClock();
      expect(await runExclusive(sql, 'prune', job, { now: clock.now, minGapMs: 60_000 })).toBe(true);
      expect(await runExclusive(sql, 'prune', job, { now: clock.now, minGapMs: 60_000 })).toBe(true);
      expect(runs).toBe(2);
    } finally {
      await sql.close();
    }
  });
});
