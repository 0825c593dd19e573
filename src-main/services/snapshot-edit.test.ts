import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../../src-shared/ipc/models.js';
import { parseSnapshot, serializeSnapshot } from './snapshot.js';
import { applyEdit, applyEdits } from './snapshot-edit.js';
import { makeAccount } from './test-support/fixtures.js';
import { makeSnapshot, plainSnapshot } from './test-support/snapshots.js';

const LATER = '2026-01-01T00:00:00.000Z';

/** A row as the server answers a POST or PATCH: no tokens. */
function row(index: number, change: Partial<AccountRow> = {}): AccountRow {
  const { tokens: _tokens, ...account } = makeAccount(index, 0);
  return { ...account, updatedAt: LATER, ...change };
}

describe('applyEdit', () => {
  it('inserts a new account in name order with the tokens given, and keeps everything else', () => {
    const snapshot = makeSnapshot('c1', 3, 2, '41');
    const before = plainSnapshot(snapshot);
    // "account_000001a" sorts between account_000001 and account_000002.
    const added = row(9, { id: 'sa_new', name: 'account_000001a' });
    const next = applyEdit(snapshot, { kind: 'put', row: added, tokens: [] });

    expect(next.accounts.map((a) => a.id)).toEqual(['sa_000000', 'sa_000001', 'sa_new', 'sa_000002']);
    expect(next.accounts[2]).toEqual(added);
    expect(next.tokens.get('sa_new')).toEqual([]);
    expect(next.tokens.get('sa_000001')).toEqual(snapshot.tokens.get('sa_000001'));
    expect(next).toMatchObject({
      version: snapshot.version,
      connectionId: 'c1',
      asOf: snapshot.asOf,
      syncCursor: '41',
      me: snapshot.me,
      roles: snapshot.roles,
      groups: snapshot.groups,
    });
    // The input stays as it was: it is still in use until the edited one is saved.
    expect(plainSnapshot(snapshot)).toEqual(before);
  });

  it('replaces an account in place and keeps its tokens when none are given', () => {
    const snapshot = makeSnapshot('c1', 3, 2);
    const changed = row(1, { description: 'Edited', roles: ['Viewer'], enabled: false });
    const next = applyEdit(snapshot, { kind: 'put', row: changed });
    expect(next.accounts.map((a) => a.id)).toEqual(['sa_000000', 'sa_000001', 'sa_000002']);
    expect(next.accounts[1]).toEqual(changed);
    expect(next.tokens.get('sa_000001')).toHaveLength(2);
    expect(next.tokens.get('sa_000001')).toEqual(snapshot.tokens.get('sa_000001'));
    expect(snapshot.accounts[1]!.description).not.toBe('Edited');
  });

  it('replaces the tokens too when they are given (null: not visible to this admin)', () => {
    const snapshot = makeSnapshot('c1', 2, 2);
    const next = applyEdit(snapshot, { kind: 'put', row: row(1), tokens: null });
    expect(next.tokens.get('sa_000001')).toBeNull();
  });

  it('an account the snapshot does not hold, without tokens: null, not a made-up empty list', () => {
    const next = applyEdit(makeSnapshot('c1', 2, 2), { kind: 'put', row: row(5) });
    expect(next.accounts.map((a) => a.id)).toContain('sa_000005');
    expect(next.tokens.get('sa_000005')).toBeNull();
  });

  it('removes an account and its tokens; removing one that is not there changes nothing', () => {
    const snapshot = makeSnapshot('c1', 3, 2, '9');
    const next = applyEdit(snapshot, { kind: 'remove', id: 'sa_000001' });
    expect(next.accounts.map((a) => a.id)).toEqual(['sa_000000', 'sa_000002']);
    expect(next.tokens.get('sa_000001')).toBeUndefined();
    expect([...next.tokens.entries().keys()]).toEqual(['sa_000000', 'sa_000002']);
    expect(next.syncCursor).toBe('9');
    expect(snapshot.accounts).toHaveLength(3);

    const again = applyEdit(next, { kind: 'remove', id: 'sa_000001' });
    expect(plainSnapshot(again)).toEqual(plainSnapshot(next));
  });

  it('does not replace a newer row with an older one; replays skip rows the snapshot has as new', () => {
    const snapshot = applyEdit(makeSnapshot('c1', 2, 2), { kind: 'put', row: row(1, { description: 'newest' }) });
    const older = row(1, { description: 'older', updatedAt: '2025-06-01T00:00:00.000Z' });
    expect(applyEdit(snapshot, { kind: 'put', row: older }).accounts[1]!.description).toBe('newest');

    const same = row(1, { description: 'same time' });
    expect(applyEdit(snapshot, { kind: 'put', row: same }).accounts[1]!.description).toBe('same time');
    expect(applyEdit(snapshot, { kind: 'put', row: same }, 'same-or-older')).toBe(snapshot);
  });

  it('applies edits in order', () => {
    const snapshot = makeSnapshot('c1', 2, 1);
    const next = applyEdits(snapshot, [
      { kind: 'put', row: row(7, { id: 'sa_x', name: 'zzz' }), tokens: [] },
      {
        kind: 'put',
        row: row(7, { id: 'sa_x', name: 'zzz', description: 'second', updatedAt: '2026-02-01T00:00:00.000Z' }),
      },
      { kind: 'remove', id: 'sa_000000' },
    ]);
    expect(next.accounts.map((a) => [a.id, a.description])).toEqual([
      ['sa_000001', snapshot.accounts[1]!.description],
      ['sa_x', 'second'],
    ]);
    expect(next.tokens.get('sa_x')).toEqual([]);
  });

  it('works on a cold-loaded snapshot whose tokens are still text, and the result saves and loads', () => {
    const loaded = parseSnapshot(serializeSnapshot(makeSnapshot('c1', 3, 2)));
    expect(loaded.tokens.parsed).toBe(false);
    const next = applyEdit(loaded, { kind: 'put', row: row(1, { description: 'Edited' }) });
    const reloaded = parseSnapshot(serializeSnapshot(next));
    expect(reloaded.accounts[1]!.description).toBe('Edited');
    expect(reloaded.tokens.get('sa_000001')).toHaveLength(2);
    expect(reloaded.tokens.get('sa_000000')).toHaveLength(2);
  });
});
