/**
 * The SQL fragments that differ between SQLite and PostgreSQL, in one place: building JSON text inside
 * a statement, string aggregation, and a few string functions. Each function takes the dialect and
 * returns SQL text; the store's statements are assembled from them once per dialect (`perDialect`).
 *
 * The JSON text must be byte for byte the same on both: clients compare list items and token lists as
 * text. SQLite's json_object/json_group_array write compact JSON; PostgreSQL's json_build_object and
 * json_agg put spaces after ':' and ',' (and jsonb reorders keys), so on PostgreSQL the text is
 * concatenated by hand, with td_json_text (migration 8: to_json(text), which escapes exactly as
 * SQLite's json_quote and JSON.stringify) for strings. Integers become text with no decimals on both.
 */
import type { Dialect } from './sql.js';

/** A value to put into JSON: a text or integer expression, or an expression that already is JSON text. */
export interface JsonPart {
  kind: 'text' | 'integer' | 'json';
  sql: string;
}

export const text = (sql: string): JsonPart => ({ kind: 'text', sql });
export const integer = (sql: string): JsonPart => ({ kind: 'integer', sql });
export const json = (sql: string): JsonPart => ({ kind: 'json', sql });

/** A SQLite argument of json_object/json_array: JSON text is passed through json() so it is not quoted. */
function sqliteArg(part: JsonPart): string {
  return part.kind === 'json' ? `json(${part.sql})` : part.sql;
}

/** The part as JSON text on PostgreSQL; NULL is `null`, as SQLite writes it. */
function pgJson(part: JsonPart): string {
  switch (part.kind) {
    case 'text':
      return `td_json_text(${part.sql})`;
    case 'integer':
      return `coalesce((${part.sql})::text, 'null')`;
    case 'json':
      return `coalesce(${part.sql}, 'null')`;
  }
}

/** `{"key":value,…}` with the keys in the order given. */
export function jsonObject(dialect: Dialect, fields: Readonly<Record<string, JsonPart>>): string {
  const entries = Object.entries(fields);
  if (dialect === 'sqlite') return `json_object(${entries.map(([k, v]) => `'${k}', ${sqliteArg(v)}`).join(', ')})`;
  return `('{' || ${entries.map(([k, v], i) => `'${i === 0 ? '' : ','}"${k}":' || ${pgJson(v)}`).join(' || ')} || '}')`;
}

/** `[a,b,…]` from a fixed list of values. */
export function jsonArray(dialect: Dialect, items: readonly JsonPart[]): string {
  if (dialect === 'sqlite') return `json_array(${items.map(sqliteArg).join(', ')})`;
  return `('[' || ${items.map(pgJson).join(" || ',' || ")} || ']')`;
}

/** An aggregate: the group's values as a JSON array (`[]` for no rows), in `orderBy` order when given. */
export function jsonGroupArray(dialect: Dialect, item: JsonPart, orderBy?: string): string {
  const order = orderBy ? ` ORDER BY ${orderBy}` : '';
  if (dialect === 'sqlite') return `json_group_array(${sqliteArg(item)}${order})`;
  return `('[' || coalesce(string_agg(${pgJson(item)}, ','${order}), '') || ']')`;
}

/** An aggregate: the group's texts joined by `separator` (NULL for no rows, on both). */
export function stringAgg(dialect: Dialect, expression: string, separator: string, orderBy: string): string {
  const fn = dialect === 'sqlite' ? 'group_concat' : 'string_agg';
  return `${fn}(${expression}, '${separator}' ORDER BY ${orderBy})`;
}

/** A text as a JSON string literal, NULL as `null`. */
export function jsonQuote(dialect: Dialect, expression: string): string {
  return dialect === 'sqlite' ? `json_quote(${expression})` : `td_json_text(${expression})`;
}

/** The 1-based position of `needle` in `haystack`, 0 when absent. */
export function position(dialect: Dialect, haystack: string, needle: string): string {
  return dialect === 'sqlite' ? `instr(${haystack}, ${needle})` : `strpos(${haystack}, ${needle})`;
}

/** A subquery of the strings in a JSON array parameter (`["a","b"]`), for `x IN (…)`. */
export function jsonTextElements(dialect: Dialect, parameter: string): string {
  return dialect === 'sqlite'
    ? `SELECT value FROM json_each(${parameter})`
    : `SELECT value FROM json_array_elements_text(CAST(${parameter} AS json)) AS value`;
}

/** A statement (or fragment) built once per dialect, on first use. */
export function perDialect<T>(build: (dialect: Dialect) => T): (dialect: Dialect) => T {
  const built = new Map<Dialect, T>();
  return (dialect) => {
    let value = built.get(dialect);
    if (value === undefined) {
      value = build(dialect);
      built.set(dialect, value);
    }
    return value;
  };
}
