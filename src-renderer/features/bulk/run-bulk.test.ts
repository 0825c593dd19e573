import { describe, expect, it } from 'vitest';
import { runBulk, type BulkOutcome } from './run-bulk.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('runBulk', () => {
  it('keeps at most `concurrency` calls in flight, and a failure does not stop the rest', async () => {
    let inFlight = 0;
    let most = 0;
    const outcomes: [number, BulkOutcome][] = [];
    await runBulk(
      Array.from({ length: 20 }, (_, i) => i),
      async (i) => {
        most = Math.max(most, ++inFlight);
        await tick();
        inFlight--;
        if (i === 3) throw new Error('Token "x" was revoked as leaked.');
      },
      { concurrency: 4, signal: new AbortController().signal, onOutcome: (i, o) => outcomes.push([i, o]) },
    );
    expect(most).toBe(4);
    expect(outcomes).toHaveLength(20);
    expect(new Set(outcomes.map(([i]) => i)).size).toBe(20);
    expect(outcomes.find(([i]) => i === 3)?.[1]).toEqual({
      kind: 'failed',
      message: 'Token "x" was revoked as leaked.',
    });
    expect(outcomes.filter(([, o]) => o.kind === 'done')).toHaveLength(19);
  });

  it('stops sending on cancel: calls in flight finish, the rest are cancelled', async () => {
    const cancel = new AbortController();
    const sent: number[] = [];
    const outcomes = new Map<number, BulkOutcome['kind']>();
    await runBulk(
      Array.from({ length: 10 }, (_, i) => i),
      async (i) => {
        sent.push(i);
        if (i === 2) cancel.abort();
        await tick();
      },
      { concurrency: 2, signal: cancel.signal, onOutcome: (i, o) => outcomes.set(i, o.kind) },
    );
    expect(sent).toEqual([0, 1, 2]);
    expect([...outcomes.values()].filter((k) => k === 'done')).toHaveLength(3);
    expect([...outcomes.values()].filter((k) => k === 'cancelled')).toHaveLength(7);
  });
});
