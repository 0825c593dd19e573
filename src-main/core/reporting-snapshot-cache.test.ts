import { describe, expect, it } from 'vitest';
import type { AccountRow, SnapshotChanged } from '../../src-shared/ipc/models.js';
import { MemoryCacheStore } from '../services/cache-store.js';
import type { CachedSnapshot } from '../services/snapshot.js';
import { makeAccount } from '../services/test-support/fixtures.js';
import { makeSnapshot } from '../services/test-support/snapshots.js';
import { ReportingSnapshotCache } from './reporting-snapshot-cache.js';
import { DEFAULT_TOKEN_POLICY } from '../../src-shared/token-policy.js';

function row(index: number, change: Partial<AccountRow> = {}): AccountRow {
  const { tokens: _tokens, ...account } = makeAccount(index, 0);
  return { ...account, updatedAt: '2026-01-01T00:00:00.000Z', ...change };
}

/** The cases the real-server test cannot reach easily: a cut-down, a set-aside, an edit that changes nothing. */
describe('ReportingSnapshotCache', () => {
  const setup = () => {
    const events: SnapshotChanged[] = [];
    const cache = new ReportingSnapshotCache(
      () => new MemoryCacheStore<CachedSnapshot>(),
      (event) => events.push(event),
    );
    return { cache, events, flushed: () => Promise.resolve().then(() => events) };
  };

  it('reports the changes of one turn as one event per connection, numbered per connection', async () => {
    const { cache, flushed } = setup();
    cache.replace('c1', makeSnapshot('c1', 3, 1));
    cache.replace('c2', makeSnapshot('c2', 3, 1));
    expect(await flushed()).toEqual([
      { connectionId: 'c1', version: 1, changedIds: null, directoryChanged: true },
      { connectionId: 'c2', version: 1, changedIds: null, directoryChanged: true },
    ]);
    cache.edit('c1', { kind: 'put', row: row(1, { description: 'Edited' }) });
    cache.edit('c1', { kind: 'remove', id: 'sa_000002' });
    cache.edit('c1', { kind: 'group-remove', name: 'data-team' });
    expect((await flushed()).slice(2)).toEqual([
      { connectionId: 'c1', version: 2, changedIds: ['sa_000001', 'sa_000002'], directoryChanged: true },
    ]);
  });

  it('a token policy change reports the whole snapshot, which the renderer then reads again', async () => {
    const { cache, flushed } = setup();
    cache.replace('c1', makeSnapshot('c1', 3, 1));
    await flushed();
    cache.edit('c1', { kind: 'token-policy', policy: { ...DEFAULT_TOKEN_POLICY, maxActiveTokensPerAccount: 3 } });
    expect((await flushed()).at(-1)).toEqual({
      connectionId: 'c1',
      version: 2,
      changedIds: null,
      directoryChanged: true,
    });
    expect(cache.get('c1')?.tokenPolicy?.maxActiveTokensPerAccount).toBe(3);
  });

  it('an edit older than what is held, or with no snapshot yet, changes nothing and reports nothing', async () => {
    const { cache, flushed } = setup();
    cache.edit('c1', { kind: 'put', row: row(1) });
    expect(await flushed()).toEqual([]);
    cache.replace('c1', makeSnapshot('c1', 3, 1));
    await flushed();
    cache.edit('c1', { kind: 'put', row: row(1, { updatedAt: '2000-01-01T00:00:00.000Z' }) });
    expect(await flushed()).toHaveLength(1);
  });

  it('a cut-down to new rights and a set-aside report the whole snapshot', async () => {
    const { cache, flushed } = setup();
    cache.replace('c1', makeSnapshot('c1', 3, 1));
    await flushed();
    cache.restrict('c1', (snapshot) => ({ ...snapshot, accounts: snapshot.accounts.slice(0, 1) }));
    expect((await flushed()).at(-1)).toEqual({
      connectionId: 'c1',
      version: 2,
      changedIds: null,
      directoryChanged: true,
    });
    cache.setAside('c1');
    expect((await flushed()).at(-1)).toMatchObject({ version: 3, changedIds: null });
    // Nothing left to cut down: nothing to report.
    cache.restrict('c1', (snapshot) => snapshot);
    expect(await flushed()).toHaveLength(3);
  });
});
