import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../../src-shared/ipc/models.js';
import { parseSnapshot, serializeSnapshot } from './snapshot.js';
import { applyEdit, applyEdits, type SnapshotEdit } from './snapshot-edit.js';
import { accountRow } from './snapshot-rows.js';
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
    const before = plainSnapshot(snapshot)!;
    // "account_000001a" sorts between account_000001 and account_000002.
    const added = row(9, { id: 'sa_new', name: 'account_000001a' });
    expect(applyEdit(snapshot, { kind: 'put', row: added, tokens: [] })).toBe(true);

    expect(snapshot.accounts.map((a) => a.id)).toEqual(['sa_000000', 'sa_000001', 'sa_new', 'sa_000002']);
    expect(snapshot.accounts[2]).toEqual(added);
    expect(snapshot.tokens.get('sa_new')).toEqual([]);
    expect(snapshot.tokens.get('sa_000001')).toEqual(before.tokens.sa_000001);
    expect(snapshot).toMatchObject({
      version: before.version,
      connectionId: 'c1',
      asOf: before.asOf,
      syncCursor: '41',
      me: before.me,
      roles: before.roles,
      groups: before.groups,
    });
  });

  it('replaces an account in place, keeping the list and every other row as they are (no copy)', () => {
    const snapshot = makeSnapshot('c1', 3, 2);
    const list = snapshot.accounts;
    const others = [list[0], list[2]];
    const tokens = snapshot.tokens.get('sa_000001');
    const changed = row(1, { description: 'Edited', roles: ['Viewer'], enabled: false });
    applyEdit(snapshot, { kind: 'put', row: changed });
    expect(snapshot.accounts).toBe(list);
    expect([list[0], list[2]]).toEqual(others);
    expect(snapshot.accounts[1]).toBe(changed);
    expect(snapshot.tokens.get('sa_000001')).toBe(tokens);
    expect(accountRow(snapshot, 'sa_000001')).toBe(changed);
  });

  it('replaces the tokens too when they are given (null: not visible to this admin)', () => {
    const snapshot = makeSnapshot('c1', 2, 2);
    applyEdit(snapshot, { kind: 'put', row: row(1), tokens: null });
    expect(snapshot.tokens.get('sa_000001')).toBeNull();
  });

  it('an account the snapshot does not hold, without tokens: null, not a made-up empty list', () => {
    const snapshot = makeSnapshot('c1', 2, 2);
    applyEdit(snapshot, { kind: 'put', row: row(5) });
    expect(snapshot.accounts.map((a) => a.id)).toContain('sa_000005');
    expect(snapshot.tokens.get('sa_000005')).toBeNull();
    expect(accountRow(snapshot, 'sa_000005')?.id).toBe('sa_000005');
  });

  it('removes an account and its tokens; removing one that is not there changes nothing', () => {
    const snapshot = makeSnapshot('c1', 3, 2, '9');
    expect(accountRow(snapshot, 'sa_000001')).toBeDefined();
    expect(applyEdit(snapshot, { kind: 'remove', id: 'sa_000001' })).toBe(true);
    expect(snapshot.accounts.map((a) => a.id)).toEqual(['sa_000000', 'sa_000002']);
    expect(snapshot.tokens.get('sa_000001')).toBeUndefined();
    expect(accountRow(snapshot, 'sa_000001')).toBeUndefined();
    expect([...snapshot.tokens.entries().keys()]).toEqual(['sa_000000', 'sa_000002']);
    expect(snapshot.syncCursor).toBe('9');

    const before = plainSnapshot(snapshot);
    expect(applyEdit(snapshot, { kind: 'remove', id: 'sa_000001' })).toBe(false);
    expect(plainSnapshot(snapshot)).toEqual(before);
  });

  it('does not replace a newer row with an older one; replays skip rows the snapshot has as new', () => {
    const snapshot = makeSnapshot('c1', 2, 2);
    applyEdit(snapshot, { kind: 'put', row: row(1, { description: 'newest' }) });
    const older = row(1, { description: 'older', updatedAt: '2025-06-01T00:00:00.000Z' });
    expect(applyEdit(snapshot, { kind: 'put', row: older })).toBe(false);
    expect(snapshot.accounts[1]!.description).toBe('newest');

    const same = row(1, { description: 'same time' });
    expect(applyEdit(snapshot, { kind: 'put', row: same }, 'same-or-older')).toBe(false);
    expect(applyEdit(snapshot, { kind: 'put', row: same })).toBe(true);
    expect(snapshot.accounts[1]!.description).toBe('same time');
  });

  it('applies edits in order and returns those that changed something', () => {
    const snapshot = makeSnapshot('c1', 2, 1);
    const second = snapshot.accounts[1]!.description;
    const edits: SnapshotEdit[] = [
      { kind: 'put', row: row(7, { id: 'sa_x', name: 'zzz' }), tokens: [] },
      {
        kind: 'put',
        row: row(7, { id: 'sa_x', name: 'zzz', description: 'second', updatedAt: '2026-02-01T00:00:00.000Z' }),
      },
      { kind: 'remove', id: 'sa_000000' },
      { kind: 'remove', id: 'sa_nothing' },
    ];
    expect(applyEdits(snapshot, edits)).toEqual(edits.slice(0, 3));
    expect(snapshot.accounts.map((a) => [a.id, a.description])).toEqual([
      ['sa_000001', second],
      ['sa_x', 'second'],
    ]);
    expect(snapshot.tokens.get('sa_x')).toEqual([]);
  });

  it('works on a cold-loaded snapshot without parsing its tokens, and the result saves and loads', () => {
    const loaded = parseSnapshot(serializeSnapshot(makeSnapshot('c1', 3, 2)));
    applyEdit(loaded, { kind: 'put', row: row(1, { description: 'Edited' }) });
    applyEdit(loaded, { kind: 'put', row: row(7, { id: 'sa_new', name: 'zzz' }), tokens: [] });
    applyEdit(loaded, { kind: 'remove', id: 'sa_000000' });
    expect(loaded.tokens.parsed).toBe(false);
    const reloaded = parseSnapshot(serializeSnapshot(loaded));
    expect(reloaded.accounts.map((a) => a.id)).toEqual(['sa_000001', 'sa_000002', 'sa_new']);
    expect(reloaded.accounts[0]!.description).toBe('Edited');
    expect(reloaded.tokens.get('sa_000001')).toHaveLength(2);
    expect(reloaded.tokens.get('sa_new')).toEqual([]);
    expect(reloaded.tokens.get('sa_000000')).toBeUndefined();
  });

  it('changes the members and groups in place, in name order', () => {
    const snapshot = makeSnapshot('c1', 1, 0);
    const groups = snapshot.groups;
    applyEdit(snapshot, { kind: 'group-put', group: { ...groups[0]!, name: 'zz-last' } });
    expect(snapshot.groups).toBe(groups);
    expect(snapshot.groups.at(-1)!.name).toBe('zz-last');
    expect(applyEdit(snapshot, { kind: 'group-remove', name: 'zz-last' })).toBe(true);
    expect(applyEdit(snapshot, { kind: 'group-remove', name: 'zz-last' })).toBe(false);
  });
});
