/**
 * The store writes SQLite's positional `?`; PostgreSQL numbers its parameters ($1, $2, …). This turns
 * one into the other, leaving alone every `?` that is not a placeholder: inside '…' strings (E'…' with
 * backslash escapes too), "…" identifiers, $tag$…$tag$ bodies and comments. PostgreSQL's jsonb `?`
 * operators are therefore unusable through the driver (the store does not use them).
 */
export function numberPlaceholders(sql: string): { text: string; count: number } {
  let out = '';
  let count = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '?') {
      out += `$${++count}`;
      i++;
    } else if (c === "'") {
      // E'…' (or e'…') allows backslash escapes; plain strings only double the quote.
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]!) && !/[\w$]/.test(sql[i - 2] ?? '');
      const end = skipQuoted(sql, i, "'", escapes);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '"') {
      const end = skipQuoted(sql, i, '"', false);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const stop = skipBlockComment(sql, i);
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
      // A dollar quote starts with $tag$ where tag is empty or an identifier (not a digit: $1 is a parameter).
      const tag = /^\$([A-Za-z_][A-Za-z_0-9]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const stop = close === -1 ? n : close + tag[0].length;
        out += sql.slice(i, stop);
        i = stop;
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, count };
}

/** The index just past the quoted run starting at `start` (a doubled quote stays inside). */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
    } else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length;
}

/** PostgreSQL block comments nest. */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return sql.length;
}
