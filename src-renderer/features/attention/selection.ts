/**
 * Checkbox selection over lists of keys: a click toggles one row; a shift-click sets every row
 * between the last row clicked in the same list and this one to the clicked row's new state, as file
 * managers do.
 */
export interface Selection {
  keys: ReadonlySet<string>;
  /** The last row clicked without shift, and its list: where a shift-click range starts. */
  anchor: { list: string; key: string } | null;
}

export const NO_SELECTION: Selection = { keys: new Set(), anchor: null };

export function clickRow(
  selection: Selection,
  list: { id: string; keys: readonly string[] },
  key: string,
  shift: boolean,
): Selection {
  const on = !selection.keys.has(key);
  const keys = new Set(selection.keys);
  const from = shift && selection.anchor?.list === list.id ? list.keys.indexOf(selection.anchor.key) : -1;
  const to = list.keys.indexOf(key);
  if (from >= 0 && to >= 0) {
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) setKey(keys, list.keys[i]!, on);
    return { keys, anchor: selection.anchor };
  }
  setKey(keys, key, on);
  return { keys, anchor: { list: list.id, key } };
}

/** Selects every row of a list, or clears them when all are selected already. */
export function toggleAll(selection: Selection, keys: readonly string[]): Selection {
  const all = keys.every((key) => selection.keys.has(key));
  const next = new Set(selection.keys);
  for (const key of keys) setKey(next, key, !all);
  return { keys: next, anchor: selection.anchor };
}

/** The selection without keys that are no longer listed (a token fixed, deleted, or out of view). */
export function keepListed(selection: Selection, listed: ReadonlyMap<string, unknown>): Selection {
  if ([...selection.keys].every((key) => listed.has(key))) return selection;
  return { keys: new Set([...selection.keys].filter((key) => listed.has(key))), anchor: null };
}

function setKey(keys: Set<string>, key: string, on: boolean): void {
  if (on) keys.add(key);
  else keys.delete(key);
}
