import { describe, expect, it } from 'vitest';
import { clickRow, keepListed, NO_SELECTION, toggleAll } from './selection.js';

const list = { id: 'expiring7', keys: ['a', 'b', 'c', 'd', 'e'] };
const other = { id: 'unused', keys: ['c', 'x', 'y'] };
const keys = (s: { keys: ReadonlySet<string> }) => [...s.keys].sort();

describe('selection', () => {
  it('toggles one row per click', () => {
    const one = clickRow(NO_SELECTION, list, 'b', false);
    expect(keys(one)).toEqual(['b']);
    expect(keys(clickRow(one, list, 'b', false))).toEqual([]);
  });

  it('selects a range with shift-click, either way up', () => {
    const anchor = clickRow(NO_SELECTION, list, 'd', false);
    expect(keys(clickRow(anchor, list, 'b', true))).toEqual(['b', 'c', 'd']);
    const down = clickRow(clickRow(NO_SELECTION, list, 'a', false), list, 'c', true);
    expect(keys(down)).toEqual(['a', 'b', 'c']);
  });

  it('clears a range with shift-click on a selected row', () => {
    const all = toggleAll(NO_SELECTION, list.keys);
    const anchor = clickRow(all, list, 'b', false); // b off
    expect(keys(clickRow(anchor, list, 'd', true))).toEqual(['a', 'e']);
  });

  it('does not reach across lists: a shift-click in another group is a plain click', () => {
    const anchor = clickRow(NO_SELECTION, list, 'a', false);
    expect(keys(clickRow(anchor, other, 'y', true))).toEqual(['a', 'y']);
  });

  it('selects all of a group, then clears it', () => {
    const some = clickRow(NO_SELECTION, other, 'x', false);
    const all = toggleAll(some, list.keys);
    expect(keys(all)).toEqual(['a', 'b', 'c', 'd', 'e', 'x']);
    expect(keys(toggleAll(all, list.keys))).toEqual(['x']);
  });

  it('drops keys no longer listed', () => {
    const all = toggleAll(NO_SELECTION, list.keys);
    const listed = new Map(['a', 'c'].map((k) => [k, null]));
    expect(keys(keepListed(all, listed))).toEqual(['a', 'c']);
  });
});
