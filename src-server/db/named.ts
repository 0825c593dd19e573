import type { SqlValue } from './sql.js';

interface Parsed {
  text: string;
  names: string[];
}

const parsed = new Map<string, Parsed>();

/**
 * A statement written with `@name` parameters, as the positional `?` text and values `Sql` takes. For
 * the statements assembled from shared fragments (summary-sql.ts, sa-sql.ts), where one value such as
 * `@now` appears many times and counting `?`s by hand would be fragile. Each text is parsed once.
 */
export function named(sql: string, args: Readonly<Record<string, SqlValue>>): [string, SqlValue[]] {
  let entry = parsed.get(sql);
  if (!entry) {
    const names: string[] = [];
    const text = sql.replace(/@([A-Za-z_]\w*)/g, (_match, name: string) => {
      names.push(name);
      return '?';
    });
    entry = { text, names };
    parsed.set(sql, entry);
  }
  return [
    entry.text,
    entry.names.map((name) => {
      const value = args[name];
      if (value === undefined) throw new Error(`No value for @${name}`);
      return value;
    }),
  ];
}
